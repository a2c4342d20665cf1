import { requirePage } from "@/server/auth/require-user";
import { AuditView } from "./audit-view";

export default async function AuditPage() {
  await requirePage("/audit");
  return <AuditView />;
}
