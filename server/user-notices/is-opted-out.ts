import "server-only";
import { createHash } from "node:crypto";
import { eq, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { userNoticeOptOuts } from "@/db/schema";

/** Opt-outs by phone store only this: SHA-256 of the last 11 digits (so "+86 138…" and "138…" match). */
export function phoneHash(phone: string): string {
  return createHash("sha256").update(phone.replace(/\D/g, "").slice(-11)).digest("hex");
}

export async function isOptedOut(db: Db, userId: string, phone: string | null): Promise<boolean> {
  const cond = phone ? or(eq(userNoticeOptOuts.userId, userId), eq(userNoticeOptOuts.phoneHash, phoneHash(phone))) : eq(userNoticeOptOuts.userId, userId);
  const [hit] = await db.select({ id: userNoticeOptOuts.id }).from(userNoticeOptOuts).where(cond).limit(1);
  return Boolean(hit);
}
