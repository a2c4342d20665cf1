import { randomUUID } from "node:crypto";
import superjson from "superjson";
import { beforeAll, describe, expect, it } from "vitest";
import { orders } from "@/db/schema";
import type { Role } from "@/lib/enums";
import { issueLookupToken } from "@/server/lookup/lookup-token";
import { openSelfServiceTicket } from "@/server/lookup/open-self-service-ticket";
import { useTestDb } from "@/test/db";
import { createCaller } from "../root";

// A user's words and the shop's user id reach agents masked; people who see full phones see them whole.
const getDb = useTestDb();
const PHONE = "13912345678";
const ORDER = "TKT-PII-1";
let ticketId = 0;

const callerFor = (role: Role) => createCaller({ user: { id: randomUUID(), email: `${role}@tkt.test`, name: role, role, locale: null }, requestId: `tkt-${role}` });

beforeAll(async () => {
  await getDb().insert(orders).values({ orderNo: ORDER, userId: PHONE, userPhone: PHONE, amountMinor: 1230, currency: "CNY", provider: "sandbox", status: "PAID" });
  const r = await openSelfServiceTicket(getDb(), { orderNo: ORDER, phoneLast4: "5678", token: issueLookupToken(ORDER, "5678"), description: `please call me on ${PHONE}`, contactPreference: "phone", subject: `about ${PHONE}` });
  if (r.outcome !== "created") throw new Error(r.outcome);
  ticketId = (await callerFor("admin").ticket.list({ status: "all" })).items[0]!.id;
});

describe("ticket router", () => {
  for (const role of ["agent", "senior_agent", "manager"] as const) {
    it(`masks personal data for ${role}`, async () => {
      const c = callerFor(role);
      const answers = [await c.ticket.get({ id: ticketId }), await c.ticket.list({ status: "all" }), await c.ticket.forOrder({ orderNo: ORDER })];
      const text = superjson.stringify(answers);
      expect(text).not.toContain(PHONE);
      expect(text).toContain("139****5678");
    });
  }

  it("shows it whole to ops", async () => {
    const detail = await callerFor("ops").ticket.get({ id: ticketId });
    expect(detail.ticket.description).toBe(`please call me on ${PHONE}`);
    expect(detail.ticket.requesterUserId).toBe(PHONE);
    expect(detail.ticket.requesterPhoneMasked).toBe("139****5678");
    expect(detail.events[0]!.body).toBe(`please call me on ${PHONE}`);
  });
});
