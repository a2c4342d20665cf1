import { notFound } from "next/navigation";
import { can } from "@/server/auth/permissions";
import { requirePage } from "@/server/auth/require-user";
import { JobDetailView } from "./job-detail-view";

export default async function JobPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePage("/jobs");
  const { id } = await params;
  if (!/^\d{1,15}$/.test(id)) notFound();
  return <JobDetailView id={Number(id)} canReplay={can(user.role, "job.replay")} />;
}
