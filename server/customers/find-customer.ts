import "server-only";
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { orders, tickets, userNotices } from "@/db/schema";
import { looksLikePhone, type CustomerKey } from "@/lib/customers";
import type { LookupAnswerKind } from "@/lib/tickets";
import { keyset, type KeysetPage } from "@/server/lib/keyset";
import { orderSituations } from "@/server/lookup/order-situation";
import { ordersNewestFirst } from "@/server/orders/search-orders";

export interface CustomerMatch {
  userId: string;
  /** The phone of the person's newest matching order (masked by the router for roles that see it masked). */
  phone: string | null;
  matchedBy: CustomerKey[];
  /** The order the query named (order no or transaction id), to open first. */
  orderNo: string | null;
}

export interface FindCustomerResult {
  query: string;
  /** Which kinds of key the query was tried as. */
  triedAs: CustomerKey[];
  people: CustomerMatch[];
}

const MAX_PEOPLE = 10;

/**
 * One search box, four keys: every exact key the query could be is tried (each an indexed equality, so a
 * million orders cost what a thousand do), and the matches are grouped by person. A phone is matched exactly
 * as stored and by its bare digits (agents paste "138-1234-1234").
 */
export async function findCustomer(db: Db, rawQuery: string): Promise<FindCustomerResult> {
  const query = rawQuery.trim();
  if (query.length === 0 || query.length > 128) return { query, triedAs: [], people: [] };
  const triedAs: CustomerKey[] = [];
  const phoneForms = new Set<string>();
  if (looksLikePhone(query)) {
    triedAs.push("phone");
    phoneForms.add(query);
    phoneForms.add(query.replace(/\D/g, ""));
  }
  const token = /\s/.test(query) ? null : query;
  if (token) triedAs.push("orderNo", "transactionId", "userId");
  const cols = { userId: orders.userId, phone: orders.userPhone, orderNo: orders.orderNo };
  const [byPhone, byOrderNo, byTx, byUser] = await Promise.all([
    phoneForms.size > 0
      ? db.select(cols).from(orders).where(inArray(orders.userPhone, [...phoneForms])).orderBy(desc(orders.createdAt)).limit(50)
      : Promise.resolve([]),
    token ? db.select(cols).from(orders).where(eq(orders.orderNo, token)).limit(1) : Promise.resolve([]),
    token ? db.select(cols).from(orders).where(eq(orders.providerTransactionId, token)).limit(5) : Promise.resolve([]),
    token ? db.select(cols).from(orders).where(eq(orders.userId, token)).orderBy(desc(orders.createdAt), desc(orders.id)).limit(1) : Promise.resolve([]),
  ]);
  const people = new Map<string, CustomerMatch>();
  const add = (rows: { userId: string; phone: string | null; orderNo: string }[], key: CustomerKey, namesOrder: boolean) => {
    for (const r of rows) {
      const p = people.get(r.userId) ?? { userId: r.userId, phone: r.phone, matchedBy: [], orderNo: null };
      if (!p.matchedBy.includes(key)) p.matchedBy.push(key);
      if (namesOrder && !p.orderNo) p.orderNo = r.orderNo;
      p.phone ??= r.phone;
      people.set(r.userId, p);
    }
  };
  add(byOrderNo, "orderNo", true);
  add(byTx, "transactionId", true);
  add(byUser, "userId", false);
  add(byPhone, "phone", false);
  return { query, triedAs, people: [...people.values()].slice(0, MAX_PEOPLE) };
}

export interface CustomerOrder {
  orderNo: string;
  status: string;
  amountMinor: number;
  currency: string;
  provider: string;
  subject: string | null;
  userPhone: string | null;
  providerTransactionId: string | null;
  createdAt: Date;
  paidAt: Date | null;
  fulfilledAt: Date | null;
  /** The plain-language state (server/lookup/order-situation.ts), the same words the user's self-service shows. */
  situation: Exclude<LookupAnswerKind, "no_match"> | null;
  tickets: { id: number; number: string; status: string; subject: string; createdAt: Date }[];
  noticeCount: number;
}

/** One person's orders, newest first, a keyset page, each with its situation, tickets and notice count. */
export async function listCustomerOrders(db: Db, input: { userId: string; cursor?: string; limit?: number }): Promise<KeysetPage<CustomerOrder>> {
  const ks = keyset(ordersNewestFirst, input.cursor, input.limit ?? 10);
  const rows = await db
    .select({
      orderNo: orders.orderNo, status: orders.status, amountMinor: orders.amountMinor, currency: orders.currency, provider: orders.provider,
      subject: orders.subject, userPhone: orders.userPhone, providerTransactionId: orders.providerTransactionId, createdAt: orders.createdAt,
      paidAt: orders.paidAt, fulfilledAt: orders.fulfilledAt, ...ks.select,
    })
    .from(orders)
    .where(and(eq(orders.userId, input.userId), ks.where))
    .orderBy(...ks.orderBy)
    .limit(ks.limit);
  const page = ks.page(rows);
  const orderNos = page.items.map((o) => o.orderNo);
  const [situations, ticketRows, noticeRows] = await Promise.all([
    orderSituations(db, page.items),
    orderNos.length
      ? db
          .select({ id: tickets.id, number: tickets.number, status: tickets.status, subject: tickets.subject, createdAt: tickets.createdAt, orderNo: tickets.orderNo })
          .from(tickets)
          .where(inArray(tickets.orderNo, orderNos))
          .orderBy(desc(tickets.createdAt))
          .limit(100)
      : Promise.resolve([]),
    orderNos.length ? db.select({ orderNo: userNotices.orderNo }).from(userNotices).where(inArray(userNotices.orderNo, orderNos)).limit(500) : Promise.resolve([]),
  ]);
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((o) => ({
      ...o,
      situation: situations.get(o.orderNo) ?? null,
      tickets: ticketRows.filter((t) => t.orderNo === o.orderNo).map(({ orderNo: _o, ...t }) => t),
      noticeCount: noticeRows.filter((n) => n.orderNo === o.orderNo).length,
    })),
  };
}

export interface CustomerNotice {
  id: number;
  orderNo: string;
  situation: string;
  kind: string;
  status: string;
  createdAt: Date;
  sentAt: Date | null;
}

/** The personal notices sent (or queued, or skipped) to one user, newest first. */
export async function listCustomerNotices(db: Db, userId: string, limit = 20): Promise<CustomerNotice[]> {
  return db
    .select({ id: userNotices.id, orderNo: userNotices.orderNo, situation: userNotices.situation, kind: userNotices.kind, status: userNotices.status, createdAt: userNotices.createdAt, sentAt: userNotices.sentAt })
    .from(userNotices)
    .where(eq(userNotices.userId, userId))
    .orderBy(desc(userNotices.createdAt))
    .limit(limit);
}
