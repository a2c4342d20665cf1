import "server-only";
import type { Db } from "@/db/client";
import { listUsersHolding } from "@/server/auth/list-users-holding";

/** Active people who may work discrepancies (recon.resolve): who an item may be assigned to. */
export function listReconAssignees(db: Db): Promise<{ id: string; email: string; name: string }[]> {
  return listUsersHolding(db, "recon.resolve");
}
