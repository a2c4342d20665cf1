import { requirePage } from "@/server/auth/require-user";
import { DiscrepanciesView } from "./discrepancies-view";

export default async function DiscrepanciesPage() {
  await requirePage("/discrepancies");
  return <DiscrepanciesView />;
}
