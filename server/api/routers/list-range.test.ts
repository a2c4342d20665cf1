import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { incidents, ticketEvents, tickets, userNoticeDeliveries } from "@/db/schema";
import type { TicketStatus, TicketType } from "@/lib/tickets";
import { useTestDb } from "@/test/db";
import { createCaller } from "../root";

// The KPI dashboard's drill-down (issue 12) opens a list narrowed to [from, to): a row stamped exactly at `from`
// is in, one at `to` is out, and the window composes with the list's other filters, its keyset pager and (for
// tickets) the tab counts. Rows are stamped in 2031 so no other row of this file's database falls inside.
const getDb = useTestDb();
const admin = () => createCaller({ user: { id: randomUUID(), email: "admin@range.test", name: "admin", role: "admin", locale: null }, requestId: "range" });

const from = new Date("2031-03-10T16:00:00.000Z");
const to = new Date("2031-03-11T16:00:00.000Z");
const ms = (d: Date, delta: number) => new Date(d.getTime() + delta);
const range = { from, to };
// Where each seeded row sits relative to the window, and whether it belongs inside.
const STAMPS = [
  { name: "before", at: ms(from, -1), inside: false },
  { name: "at-from", at: from, inside: true },
  { name: "middle", at: ms(from, 6 * 3_600_000), inside: true },
  { name: "last-ms", at: ms(to, -1), inside: true },
  { name: "at-to", at: to, inside: false },
  { name: "after", at: ms(to, 3_600_000), inside: false },
] as const;

async function walk<T>(fetch: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<T[]> {
  const seen: T[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 50; guard++) {
    const page = await fetch(cursor);
    seen.push(...page.items);
    if (!page.nextCursor) return seen;
    cursor = page.nextCursor;
  }
  throw new Error("did not reach the last page");
}

// Tickets: every stamp twice, once a complaint and once of type "other", in different statuses so the tabs differ.
const TICKET_ROWS = STAMPS.flatMap((s, i) =>
  (["complaint", "other"] as const satisfies readonly TicketType[]).map((type, j) => ({
    number: `T-RANGE-${i}-${j}`,
    subject: `${s.name} ${type}`,
    description: "range",
    source: "console" as const,
    createdBy: "range@test",
    type,
    status: (["new", "open", "solved"] as const satisfies readonly TicketStatus[])[(i + j) % 3]!,
    createdAt: s.at,
    updatedAt: s.at,
  })),
);

beforeAll(async () => {
  const db = getDb();
  await db.insert(tickets).values(TICKET_ROWS);
  // Incidents: all resolved (one open incident per provider scope is a unique index) but the middle one.
  await db.insert(incidents).values(
    STAMPS.map((s, i) => ({
      title: `range ${s.name}`,
      severity: "critical" as const,
      status: s.name === "middle" ? ("open" as const) : ("resolved" as const),
      provider: `range-${i}`,
      onsetAt: ms(s.at, -60_000),
      openedBy: "range@test",
      openedAt: s.at,
      resolvedAt: s.name === "middle" ? null : ms(s.at, 3_600_000),
      createdAt: s.at,
    })),
  );
  // Deliveries (test sends: no notice), an SMS and a push at every stamp.
  await db.insert(userNoticeDeliveries).values(
    STAMPS.flatMap((s, i) =>
      (["sms", "push"] as const).map((channel) => ({ channel, targetMasked: "138****0000", idempotencyKey: `test:range:${i}:${channel}`, text: `${s.name} ${channel}`, createdAt: s.at, updatedAt: s.at })),
    ),
  );
});

const inside = STAMPS.filter((s) => s.inside).map((s) => s.name);

describe("ticket.list and ticket.counts with a time window", () => {
  it("returns exactly the tickets created in [from, to), with the type filter, page by page", async () => {
    const seen = await walk((cursor) => admin().ticket.list({ status: "all", type: "complaint", range, cursor, limit: 1 }));
    expect(seen.map((t) => t.subject)).toEqual(inside.map((n) => `${n} complaint`));
    expect(seen.every((t) => t.createdAt >= from && t.createdAt < to)).toBe(true);
    // Newest first walks the same rows backwards.
    const newest = await walk((cursor) => admin().ticket.list({ status: "all", type: "complaint", range, sort: "newest", cursor, limit: 2 }));
    expect(newest.map((t) => t.subject)).toEqual(inside.map((n) => `${n} complaint`).reverse());
  });

  it("composes with a status tab, and without a window the outside rows are back", async () => {
    const open = await admin().ticket.list({ status: "open", range });
    const expected = TICKET_ROWS.filter((r) => r.status === "open" && r.createdAt >= from && r.createdAt < to).map((r) => r.subject);
    expect(open.items.map((t) => t.subject).sort()).toEqual(expected.sort());
    expect(expected.length).toBeGreaterThan(0);
    const all = await admin().ticket.list({ status: "all", type: "complaint", limit: 200 });
    expect(all.items.filter((t) => t.number.startsWith("T-RANGE-")).map((t) => t.subject)).toEqual(STAMPS.map((s) => `${s.name} complaint`));
  });

  it("counts every status tab inside the window, as the list shows it", async () => {
    const counts = await admin().ticket.counts({ type: "other", range });
    const rows = TICKET_ROWS.filter((r) => r.type === "other" && r.createdAt >= from && r.createdAt < to);
    for (const status of ["new", "open", "solved"] as const) expect(counts[status]).toBe(rows.filter((r) => r.status === status).length);
    expect(counts.pending + counts.pending_approval + counts.closed).toBe(0);
    for (const status of ["new", "open", "solved"] as const) {
      const listed = await walk((cursor) => admin().ticket.list({ status, type: "other", range, cursor, limit: 1 }));
      expect(listed).toHaveLength(counts[status]);
    }
    // Without the window the outside rows count again.
    const unbounded = await admin().ticket.counts({ type: "other" });
    expect(Object.values(unbounded).reduce((a, b) => a + b, 0)).toBe(STAMPS.length);
  });

  it("on=resolved takes the tickets solved or closed in the window; on=breached those with an SLA breach in it", async () => {
    const db = getDb();
    // Created long before the window; resolved (solved, or closed without a solve) or breached at each stamp.
    const created = new Date("2031-01-05T00:00:00.000Z");
    const resolvedRows = await db
      .insert(tickets)
      .values(STAMPS.map((s, i) => ({ number: `T-RES-${i}`, subject: `${s.name} resolved`, description: "range", source: "console" as const, createdBy: "range@test", type: "refund" as const, status: i % 2 ? ("solved" as const) : ("closed" as const), ...(i % 2 ? { solvedAt: s.at } : { closedAt: s.at }), createdAt: created, updatedAt: s.at })))
      .returning({ id: tickets.id });
    const breached = await db
      .insert(tickets)
      .values(STAMPS.map((s, i) => ({ number: `T-SLA-${i}`, subject: `${s.name} breached`, description: "range", source: "console" as const, createdBy: "range@test", type: "charged_twice" as const, status: "solved" as const, slaState: "breached" as const, createdAt: created, updatedAt: s.at })))
      .returning({ id: tickets.id });
    await db.insert(ticketEvents).values(breached.map((t, i) => ({ ticketId: t.id, kind: "sla_breached" as const, actor: "system", at: STAMPS[i]!.at })));
    // a breach of another kind of event at the window's middle does not count
    await db.insert(ticketEvents).values({ ticketId: resolvedRows[0]!.id, kind: "status_changed" as const, actor: "system", at: ms(from, 3_600_000) });

    const res = await walk((cursor) => admin().ticket.list({ status: "all", type: "refund", range, rangeOn: "resolved", cursor, limit: 2 }));
    expect(res.map((t) => t.subject).sort()).toEqual(inside.map((n) => `${n} resolved`).sort());
    const sla = await walk((cursor) => admin().ticket.list({ status: "all", type: "charged_twice", range, rangeOn: "breached", cursor, limit: 2 }));
    expect(sla.map((t) => t.subject).sort()).toEqual(inside.map((n) => `${n} breached`).sort());
    // created in the window: none of them
    expect((await admin().ticket.list({ status: "all", type: "refund", range })).items).toHaveLength(0);
    // the tab counts follow the same window
    const counts = await admin().ticket.counts({ type: "charged_twice", range, rangeOn: "breached" });
    expect(counts.solved).toBe(inside.length);
  });

  it("refuses a reversed or too-wide window", async () => {
    await expect(admin().ticket.list({ range: { from: to, to: from } })).rejects.toSatisfy((e: unknown) => e instanceof TRPCError && e.code === "BAD_REQUEST");
    await expect(admin().ticket.counts({ range: { from, to: ms(from, 94 * 86_400_000) } })).rejects.toSatisfy((e: unknown) => e instanceof TRPCError && e.code === "BAD_REQUEST");
  });
});

describe("incident.list with a time window", () => {
  it("returns exactly the incidents opened in [from, to), with the status tab, page by page", async () => {
    const all = await walk((cursor) => admin().incident.list({ status: "all", range, cursor, limit: 1 }));
    expect(all.map((i) => i.title)).toEqual(inside.map((n) => `range ${n}`).reverse());
    const resolved = await admin().incident.list({ status: "resolved", range });
    expect(resolved.items.map((i) => i.title)).toEqual(["range last-ms", "range at-from"]);
    const open = await admin().incident.list({ status: "open", range });
    expect(open.items.map((i) => i.title)).toEqual(["range middle"]);
    const unbounded = await admin().incident.list({ status: "all", limit: 200 });
    expect(unbounded.items.filter((i) => i.title.startsWith("range "))).toHaveLength(STAMPS.length);
  });
});

describe("userNotice.deliveryList with a time window", () => {
  it("returns exactly the deliveries created in [from, to), with the channel filter, page by page", async () => {
    const sms = await walk((cursor) => admin().userNotice.deliveryList({ channel: "sms", range, cursor, limit: 1 }));
    expect(sms.map((d) => d.text)).toEqual(inside.map((n) => `${n} sms`).reverse());
    const both = await admin().userNotice.deliveryList({ range });
    expect(both.items).toHaveLength(inside.length * 2);
    const unbounded = await admin().userNotice.deliveryList({ channel: "push", limit: 200 });
    expect(unbounded.items.map((d) => d.text).filter((t) => t.endsWith(" push"))).toEqual(STAMPS.map((s) => `${s.name} push`).reverse());
  });
});
