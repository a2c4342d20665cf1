import { randomUUID } from "node:crypto";
import superjson from "superjson";
import { beforeAll, describe, expect, it } from "vitest";
import { discrepancies, users } from "@/db/schema";
import type { Role } from "@/lib/enums";
import { useTestDb } from "@/test/db";
import { ensureOrders } from "@/test/orders";
import { createCaller } from "../root";

// The workbench's procedures end to end: "me" is the caller, handling goes through the domain verbs (audited),
// the detail shows that history, and facts copied from provider messages are masked for roles that see masked data.
const getDb = useTestDb();
const PHONE = "13912345678";
const OPS = { id: randomUUID(), email: "ops@disc.test", name: "Ops", role: "ops" as Role, locale: null };
let id = 0;

const callerFor = (user: { id: string; email: string; name: string; role: Role; locale: null }) => createCaller({ user, requestId: `disc-${user.role}` });
const as = (role: Role) => callerFor({ id: randomUUID(), email: `${role}@disc.test`, name: role, role, locale: null });

beforeAll(async () => {
  await getDb().insert(users).values({ ...OPS, passwordHash: "x" });
  await ensureOrders(getDb(), ["DISC-R-1"]);
  const [row] = await getDb()
    .insert(discrepancies)
    .values({ type: "amount_mismatch", risk: "high", provider: "alipay", orderNo: "DISC-R-1", providerTransactionId: "2026-R-1", ourFacts: {}, providerFacts: { buyer_phone: PHONE }, differenceMinor: 7, currency: "CNY" })
    .returning();
  id = row!.id;
});

describe("discrepancy router", () => {
  it("assigns to me, filters by me and by nobody, writes off with a reason and shows the history", async () => {
    const ops = callerFor(OPS);
    expect(await ops.discrepancy.assign({ ids: [id], assigneeId: OPS.id })).toMatchObject({ changed: 1 });
    expect((await ops.discrepancy.list({ assignee: "me" })).items.map((d) => d.id)).toEqual([id]);
    expect((await ops.discrepancy.list({ assignee: "nobody" })).items).toEqual([]);
    expect((await as("finance").discrepancy.list({ assignee: "me" })).items).toEqual([]);
    expect(await ops.discrepancy.writeOff({ ids: [id], reason: "fee rounding" })).toMatchObject({ changed: 1, skipped: [] });
    expect((await ops.discrepancy.list({ status: "written_off", q: "DISC-R-1" })).items.map((d) => [d.id, d.resolution])).toEqual([[id, "fee rounding"]]);
    const detail = await ops.discrepancy.get({ id });
    expect(detail.history.map((h) => h.action)).toEqual(["discrepancy.write_off", "discrepancy.assign"]);
    expect(detail.discrepancy.assigneeEmail).toBe(OPS.email);
  });

  it("masks phone numbers in provider facts for a manager, not for ops", async () => {
    expect(superjson.stringify(await as("manager").discrepancy.get({ id }))).not.toContain(PHONE);
    expect(superjson.stringify(await callerFor(OPS).discrepancy.get({ id }))).toContain(PHONE);
  });

  it("refuses handling to read-only roles", async () => {
    await expect(as("manager").discrepancy.resolve({ ids: [id], reason: "nope" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
