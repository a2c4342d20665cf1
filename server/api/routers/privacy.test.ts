import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import superjson from "superjson";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLogs, callbackEvents, discrepancies, jobAttempts, jobs, orders } from "@/db/schema";
import type { Role } from "@/lib/enums";
import { useTestDb } from "@/test/db";
import { createCaller } from "../root";

// Every path that returns an order, a message or a copy of either, walked as each role that sees masked
// personal data. The phone, e-mail, identity number and payer name below are planted in the order, the
// messages (verified and rejected), the audit copies, the job payload and attempt error, and the
// discrepancy facts; none of them may come back in full.
const getDb = useTestDb();

const PHONE = "13912345678";
const EMAIL = "zhang.san@example.com";
const ID_CARD = "11010519491231002X";
const NAME = "张三丰";
const ORDER = "PII-1";
const SECRETS = [PHONE, "139-1234-5678", EMAIL, ID_CARD, NAME];
const body = `{"orderNo":"${ORDER}","payer_phone":"${PHONE}","email":"${EMAIL}","cert_no":"${ID_CARD}","payer_name":"${NAME}","note":"call 139-1234-5678"}`;

const ctxFor = (role: Role) => ({
  user: { id: randomUUID(), email: `${role}@pii.test`, name: role, role, locale: null },
  requestId: `pii-${role}`,
});

let verifiedId = 0;
let rejectedId = 0;
let jobId = 0;

beforeAll(async () => {
  const db = getDb();
  const createdAt = new Date(Date.now() - 60_000);
  await db.insert(orders).values({ orderNo: ORDER, userId: PHONE, userPhone: PHONE, amountMinor: 1230, currency: "CNY", provider: "sandbox", status: "PAID", createdAt });
  const [v] = await db
    .insert(callbackEvents)
    .values({ provider: "sandbox", headers: { "content-type": "application/json", "x-payer-mobile": PHONE }, body, verification: "verified", outcome: "applied", orderNo: ORDER })
    .returning();
  const [r] = await db
    .insert(callbackEvents)
    .values({ provider: "sandbox", headers: { "content-type": "application/json" }, body, verification: "rejected", rejectReason: "bad signature", outcome: "rejected" })
    .returning();
  verifiedId = v!.id;
  rejectedId = r!.id;
  const [job] = await db
    .insert(jobs)
    .values({ type: "order.fulfil", payload: { orderNo: ORDER, userPhone: PHONE, contact: EMAIL }, maxAttempts: 3, orderNo: ORDER, status: "dead", attempts: 1 })
    .returning();
  jobId = job!.id;
  await db.insert(jobAttempts).values({ jobId, attempt: 1, workerId: "w", startedAt: new Date(), ok: false, error: `shop said: unknown customer ${PHONE}`, detail: { response: body } });
  await db.insert(auditLogs).values({ actorLabel: "system:merchant-api", action: "order.create", entityType: "order", entityId: ORDER, after: { userPhone: PHONE, userId: PHONE } });
  await db.insert(discrepancies).values({
    type: "amount_mismatch",
    risk: "high",
    provider: "sandbox",
    orderNo: ORDER,
    providerTransactionId: "T-PII",
    expectedAmountMinor: 1230,
    actualAmountMinor: 1,
    currency: "CNY",
    ourFacts: { userPhone: PHONE },
    providerFacts: { raw: body },
  });
});

type Caller = Record<string, Record<string, (i: unknown) => Promise<unknown>>>;

/** The JSON a browser would receive for each procedure this role may call (FORBIDDEN ones skipped). */
async function walk(role: Role): Promise<Record<string, string>> {
  const caller = createCaller(ctxFor(role)) as unknown as Caller;
  const calls: [string, string, unknown][] = [
    ["order", "search", { q: PHONE }],
    ["order", "search", { q: ORDER }],
    ["order", "get", { orderNo: ORDER }],
    ["order", "problemMessages", { orderNo: ORDER }],
    ["callback", "list", {}],
    ["callback", "body", { id: verifiedId }],
    ["callback", "body", { id: rejectedId }],
    ["discrepancy", "list", { orderNo: ORDER }],
    ["job", "list", { orderNo: ORDER }],
    ["job", "get", { id: jobId }],
    ["audit", "list", { entityId: ORDER }],
  ];
  const out: Record<string, string> = {};
  for (const [domain, verb, input] of calls) {
    try {
      out[`${domain}.${verb}(${JSON.stringify(input)})`] = JSON.stringify(superjson.serialize(await caller[domain]![verb]!(input)).json);
    } catch (e) {
      if ((e as { code?: string }).code !== "FORBIDDEN") throw e;
    }
  }
  return out;
}

describe("personal data on every read path", () => {
  for (const role of ["agent", "senior_agent", "manager"] as const) {
    it(`${role}: no full phone, e-mail, identity number or payer name anywhere`, async () => {
      const answers = await walk(role);
      expect(Object.keys(answers).length).toBeGreaterThanOrEqual(4);
      // The walk did reach the data: the order and its messages are there, masked.
      const detail = answers[`order.get(${JSON.stringify({ orderNo: ORDER })})`]!;
      expect(detail).toContain("139****5678");
      expect(detail).toContain("z***@example.com");
      for (const [path, json] of Object.entries(answers)) {
        for (const secret of SECRETS) expect(json, `${role} ${path}`).not.toContain(secret);
      }
    });
  }

  it("stored messages are masked for finance, ops and admin too; the order's own fields are not", async () => {
    for (const role of ["finance", "ops", "admin"] as const) {
      const caller = createCaller(ctxFor(role));
      const detail = await caller.order.get({ orderNo: ORDER });
      expect(detail.order.userPhone).toBe(PHONE);
      const message = await caller.callback.body({ id: verifiedId });
      expect(message.body).not.toContain(PHONE);
      expect(message.headers["x-payer-mobile"]).toBe("139****5678");
    }
  });

  it("ops unmask one message with a reason, and the unmasking is audited", async () => {
    const caller = createCaller(ctxFor("ops"));
    await expect(caller.callback.reveal({ id: verifiedId, reason: "" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const revealed = await caller.callback.reveal({ id: verifiedId, reason: "customer dispute #4411" });
    expect(revealed.body).toBe(body);
    const rows = await getDb().select().from(auditLogs).where(eq(auditLogs.action, "callback.reveal"));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorLabel: "ops@pii.test", entityType: "callback", entityId: String(verifiedId), after: { reason: "customer dispute #4411" }, requestId: "pii-ops" });
    await expect(createCaller(ctxFor("agent")).callback.reveal({ id: verifiedId, reason: "curious agent" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("order.get on a flooded order", () => {
  it("stays small however many rejected messages name the order", async () => {
    const db = getDb();
    await db.insert(orders).values({ orderNo: "FLOOD-API", userId: "u", amountMinor: 1, currency: "CNY", provider: "sandbox", createdAt: new Date(Date.now() - 60_000) });
    const junk = "y".repeat(256 * 1024);
    for (let i = 0; i < 60; i += 20) {
      await db.insert(callbackEvents).values(
        Array.from({ length: 20 }, () => ({ provider: "sandbox" as const, headers: {}, body: `{"orderNo":"FLOOD-API","pad":"${junk}"}`, verification: "rejected" as const, outcome: "rejected" as const })),
      );
    }
    const caller = createCaller(ctxFor("agent"));
    const detail = await caller.order.get({ orderNo: "FLOOD-API" });
    expect(detail.problemMessages.count).toBe(60);
    expect(JSON.stringify(superjson.serialize(detail)).length).toBeLessThan(100_000);
    const page = await caller.order.problemMessages({ orderNo: "FLOOD-API" });
    expect(page.items).toHaveLength(20);
    expect(JSON.stringify(superjson.serialize(page)).length).toBeLessThan(100_000);
    const one = await caller.callback.body({ id: page.items[0]!.id });
    expect(one.truncated).toBe(true);
    expect(Buffer.byteLength(one.body)).toBeLessThanOrEqual(256 * 1024);
  });
});
