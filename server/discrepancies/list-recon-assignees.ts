import "server-only";
import { and, inArray, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { ROLES } from "@/lib/enums";
import { holds } from "@/server/auth/permissions";

/** Active people who may work discrepancies (recon.resolve): who an item may be assigned to. */
export async function listReconAssignees(db: Db): Promise<{ id: string; email: string; name: string }[]> {
  const workers = ROLES.filter((r) => holds({ role: r }, "recon.resolve"));
  return db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(and(inArray(users.role, workers), isNull(users.disabledAt)))
    .orderBy(users.email)
    .limit(500);
}
