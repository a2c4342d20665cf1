import "server-only";
import { and, inArray, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { ROLES } from "@/lib/enums";
import { holds, type Permission } from "./permissions";

/** Active people whose role holds the permission, by e-mail: whom work needing it may be assigned to. */
export async function listUsersHolding(db: Db, permission: Permission): Promise<{ id: string; email: string; name: string }[]> {
  const roles = ROLES.filter((r) => holds({ role: r }, permission));
  return db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(and(inArray(users.role, roles), isNull(users.disabledAt)))
    .orderBy(users.email)
    .limit(500);
}
