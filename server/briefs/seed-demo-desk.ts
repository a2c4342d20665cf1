import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { briefs, incidents, scripts } from "@/db/schema";
import { systemActor } from "@/server/audit/write-audit";
import { registerOrder } from "@/server/orders/register-order";
import type { SandboxPayment } from "@/server/providers/sandbox/sign-answer";
import { saveBrief } from "./save-brief";
import { seedDefaultBrief } from "./seed-default-brief";

/** The scripts the demo's live callback outage brief points agents to (H2's seeded keys). */
const DEMO_BRIEF_SCRIPT_KEYS = ["paid-not-updated-wait", "paid-not-updated-fixed", "system-busy-incident"];

/**
 * Orders reserved for e2e/agent-desk.spec.ts (no other spec or seed touches them): paid at the sandbox
 * provider, still CREATED here because the notification never came — the "paid but not updated" case.
 */
export const DESK_E2E_ORDER = {
  orderNo: "DESK-E2E-0001",
  userId: "u-desk-e2e-01",
  userPhone: "13766660001",
  amountMinor: 4599,
  currency: "CNY",
  provider: "sandbox",
  subject: "羽绒服精洗",
} as const;

/** What the sandbox provider charged for the reserved orders: its query API answers from this (scripts/e2e-server.ts). */
export function deskSandboxLedger(paidAt = new Date()): Map<string, SandboxPayment> {
  const o = DESK_E2E_ORDER;
  return new Map([[o.orderNo, { orderNo: o.orderNo, transactionId: "SBXDESKE2E0001", status: "SUCCESS", amountMinor: o.amountMinor, currency: o.currency, paidAt }]]);
}

/**
 * The desk's demo data: every open incident briefed (the default brief, then the scripts to use for the
 * live sandbox callback outage as a supervisor would pick them: version 2), and the reserved e2e order.
 */
export async function seedDemoDesk(db: Db, opts: { now?: Date } = {}): Promise<{ briefed: number }> {
  const now = opts.now ?? new Date();
  const open = await db.select({ id: incidents.id }).from(incidents).where(eq(incidents.status, "open"));
  let briefed = 0;
  const scriptRows = await db.select({ id: scripts.id, key: scripts.key }).from(scripts).where(and(inArray(scripts.key, DEMO_BRIEF_SCRIPT_KEYS), eq(scripts.status, "published")));
  const scriptIds = DEMO_BRIEF_SCRIPT_KEYS.flatMap((k) => scriptRows.filter((s) => s.key === k).map((s) => s.id));
  for (const { id } of open) {
    if (!(await seedDefaultBrief(db, id, now)).created) continue;
    briefed++;
    if (scriptIds.length === 0) continue;
    const [brief] = await db.select({ content: briefs.content, version: briefs.version }).from(briefs).where(eq(briefs.incidentId, id));
    if (brief) await saveBrief(db, systemActor("demo-seed"), { incidentId: id, content: { ...brief.content, scriptIds }, baseVersion: brief.version }, now);
  }
  await registerOrder(db, { ...DESK_E2E_ORDER });
  return { briefed };
}

