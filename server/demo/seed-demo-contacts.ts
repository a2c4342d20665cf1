import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alertContacts } from "@/db/schema";

/**
 * Demo only (scripts/demo.ts): alert contacts so the default routes reach someone, and the fake receivers
 * show SMS and e-mail next to the robots. Production ships routes but never contacts: those are real people.
 */
export async function seedDemoContacts(db: Db): Promise<{ contacts: number; skipped: boolean }> {
  const [existing] = await db.select({ n: sql<number>`count(*)::int` }).from(alertContacts);
  if (Number(existing?.n ?? 0) > 0) return { contacts: 0, skipped: true };
  const rows = await db
    .insert(alertContacts)
    .values([
      { name: "王磊（值班运维）", role: "ops", locale: "zh-CN", phone: "13800138001", email: "ops-oncall@payops.local", escalationOrder: 1 },
      { name: "Lisa Chen (tech lead)", role: "tech_lead", locale: "en", phone: "13900139002", email: "tech-lead@payops.local", escalationOrder: 1 },
      { name: "张敏（运维主管）", role: "ops", locale: "zh-CN", phone: "13700137003", email: "ops-lead@payops.local", escalationOrder: 2 },
      { name: "刘洋（产品）", role: "product", locale: "zh-CN", phone: null, email: "product@payops.local", escalationOrder: 1 },
      { name: "陈静（客服组长）", role: "cs", locale: "zh-CN", phone: null, email: "cs-lead@payops.local", escalationOrder: 1 },
    ])
    .returning({ id: alertContacts.id });
  return { contacts: rows.length, skipped: false };
}
