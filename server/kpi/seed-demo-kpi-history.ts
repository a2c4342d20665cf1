import "server-only";
import { and, gte, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { ALL_PROVIDERS, complaintCounts, discrepancies, orders, refunds, statementImports, ticketEvents, tickets } from "@/db/schema";
import type { DiscrepancyType, RiskLevel } from "@/lib/enums";
import { CALLBACK_DELAY_BOUNDS_MS } from "@/lib/kpi";
import type { TicketType } from "@/lib/tickets";
import { getEnv } from "@/server/env";
import { rollupMetrics } from "@/server/metrics/rollup-metrics";
import { lastBusinessDays } from "@/server/status/business-days";
import { rollupKpis } from "./rollup-kpis";

// Demo seed (issue 12): 30 days of RAW history — orders, notifications, tickets, refunds, discrepancies,
// statements — for Alipay and WeChat Pay (the sandbox has its own history from the alerting seed), then
// rollupMetrics + rollupKpis over the range, so the dashboard shows numbers the rollups produced. Everything
// it creates is finished (tickets closed, discrepancies resolved, refunds paid): no queue or workbench changes.

const DAYS = 30;
const DAILY_ORDERS = 150;
const PROVIDERS = ["alipay", "wechatpay"] as const;
/** The two past incidents (server/reviews/seed-demo-reviews.ts): days back, 20:00–21:00 business time, Alipay. */
export const KPI_HISTORY_DIPS = [{ daysAgo: 12 }, { daysAgo: 5 }] as const;
export const KPI_DIP_HOUR = 20;

/** Share of a day's orders per business-time hour: quiet nights, lunch, the evening peak. */
const HOUR_SHAPE = [3, 2, 1, 1, 1, 1, 2, 3, 5, 6, 6, 7, 8, 7, 6, 6, 6, 7, 8, 9, 10, 10, 8, 5];
const SHAPE_SUM = HOUR_SHAPE.reduce((a, b) => a + b, 0);
const AMOUNTS = [1999, 2990, 4599, 8800, 12900, 29900, 990, 15800, 6800, 3500];
const SUBJECTS = ["洗衣订单", "干洗套餐", "会员月卡", "鞋类清洗", "窗帘清洗", "羽绒服精洗"];
const TICKET_MIX: [TicketType, number, string][] = [
  ["paid_not_updated", 35, "付款成功但订单仍显示待支付 / Paid but the order still says unpaid"],
  ["refund", 20, "申请退款，询问到账时间 / Refund requested, asking when it arrives"],
  ["charged_twice", 10, "同一订单被扣款两次 / Charged twice for one order"],
  ["failed_but_deducted", 15, "支付失败但银行卡已扣款 / Payment failed but money was deducted"],
  ["complaint", 10, "投诉：等待客服回复太久 / Complaint: waited too long for an answer"],
  ["other", 10, "发票与会员权益咨询 / Invoice and membership questions"],
];
const DISCREPANCY_MIX: [DiscrepancyType, RiskLevel, number][] = [
  ["status_mismatch", "high", 40],
  ["amount_mismatch", "medium", 20],
  ["missing_internal", "high", 10],
  ["fee_mismatch", "low", 20],
  ["refund_mismatch", "medium", 10],
];

const MIN = 60_000;
const HOUR = 60 * MIN;

/** The demo's weekly seasonality, every provider alike (the sandbox's synthesized history too): busier Fridays and weekends. */
export const demoWeekdayFactor = (weekday: number) => (weekday === 0 || weekday === 6 ? 1.2 : weekday === 5 ? 1.1 : 1);

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function weighted<T>(random: () => number, mix: readonly T[], weight: (t: T) => number): T {
  const total = mix.reduce((a, m) => a + weight(m), 0);
  let r = random() * total;
  for (const m of mix) if ((r -= weight(m)) < 0) return m;
  return mix[mix.length - 1]!;
}

/** A Postgres array literal of one column's values (strings quoted like JSON, which the array syntax accepts). */
const arrayOf = (xs: readonly unknown[]) => `{${xs.map((x) => (x === null || x === undefined ? "NULL" : x instanceof Date ? `"${x.toISOString()}"` : JSON.stringify(x))).join(",")}}`;

/** One INSERT … SELECT FROM unnest(arrays) for many rows: far cheaper than thousands of bound VALUES. */
async function insertUnnest(db: Db, table: string, columns: [string, string][], rows: Record<string, unknown>[], constants = "") {
  if (rows.length === 0) return;
  const names = columns.map(([c]) => c);
  const arrays = sql.join(columns.map(([c, type]) => sql`${arrayOf(rows.map((r) => r[c]))}::${sql.raw(type)}[]`), sql`, `);
  const extra = constants ? `, ${constants.split(";")[0]}` : "";
  const extraValues = constants ? `, ${constants.split(";")[1]}` : "";
  await db.execute(sql`INSERT INTO ${sql.identifier(table)} (${sql.raw(names.join(", ") + extra)})
    SELECT *${sql.raw(extraValues)} FROM unnest(${arrays}) ON CONFLICT DO NOTHING`);
}

async function insertChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>, size = 500) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/** Demo seed — H1 (issue 12). Called by seedDemoData (server/demo/seed-demo-data.ts). */
export async function seedDemoKpiHistory(db: Db, opts: { now: Date }): Promise<{ orders: number }> {
  const { now } = opts;
  const tz = getEnv().BUSINESS_TIMEZONE;
  const random = rng(20261112);
  const days = lastBusinessDays(now, DAYS + 1, tz).slice(0, DAYS); // the 30 business days before today
  const start = days[0]!.start;
  const end = days[DAYS - 1]!.end;
  const latest = now.getTime() - HOUR; // nothing of the history lands in the last hour

  const orderRows: Record<string, unknown>[] = [];
  const callbackRows: Record<string, unknown>[] = [];
  const paidByDay: { orderNo: string; provider: string; amountMinor: number; at: Date }[][] = [];
  let n = 0;

  days.forEach((day, di) => {
    const daysAgo = DAYS - di;
    const weekday = new Date(day.start.getTime() + 12 * HOUR).getUTCDay();
    const weekly = demoWeekdayFactor(weekday);
    const paid: (typeof paidByDay)[number] = [];
    for (let h = 0; h < 24; h++) {
      const count = Math.round((DAILY_ORDERS * weekly * HOUR_SHAPE[h]!) / SHAPE_SUM + (random() - 0.5) * 2);
      const dip = h === KPI_DIP_HOUR && KPI_HISTORY_DIPS.some((d) => d.daysAgo === daysAgo);
      for (let i = 0; i < count; i++) {
        const createdAt = new Date(day.start.getTime() + h * HOUR + Math.floor(random() * HOUR));
        if (createdAt.getTime() > latest) continue;
        const provider = random() < 0.55 ? "alipay" : "wechatpay";
        const inDip = dip && provider === "alipay";
        const orderNo = `HIST-${day.day.replaceAll("-", "")}-${String(++n).padStart(5, "0")}`;
        const amountMinor = AMOUNTS[Math.floor(random() * AMOUNTS.length)]!;
        const isPaid = random() < (inDip ? 0.45 : 0.94);
        // During the incident Alipay's notifications stopped: the payments that went through were found by our status query.
        const viaQuery = isPaid && random() < (inDip ? 0.75 : 0.03);
        const paidAt = new Date(createdAt.getTime() + 5_000 + Math.floor(random() * 40_000));
        orderRows.push({
          order_no: orderNo, user_id: `hist-u${Math.floor(random() * 2000)}`, amount_minor: amountMinor, provider, subject: SUBJECTS[n % SUBJECTS.length]!,
          status: isPaid ? "FULFILLED" : "CLOSED", paid_at: isPaid ? paidAt : null, paid_via: isPaid ? (viaQuery ? "query" : "notify") : null,
          fulfilled_at: isPaid ? new Date(paidAt.getTime() + 3_000) : null, closed_at: isPaid ? null : new Date(createdAt.getTime() + 15 * MIN),
          close_reason: isPaid ? null : "expired", created_at: createdAt,
        });
        if (isPaid) paid.push({ orderNo, provider, amountMinor, at: paidAt });
        if (isPaid && !viaQuery) {
          const delayMs = random() < 0.05 ? 5_000 + Math.floor(random() * 40_000) : 250 + Math.floor(random() * 2_200);
          const receivedAt = new Date(paidAt.getTime() + delayMs);
          callbackRows.push({
            provider, received_at: receivedAt, verification: "verified", outcome: "applied", event_id: `hist-evt-${orderNo}`, reject_reason: null,
            order_no: orderNo, provider_status: "SUCCESS", amount_minor: amountMinor, event_at: paidAt, delay_ms: delayMs, processed_at: receivedAt,
          });
        }
        // About one notification in a hundred fails our signature check (a rotated key on the provider side).
        if (random() < 0.01) {
          callbackRows.push({ provider, received_at: new Date(createdAt.getTime() + 30_000), verification: "rejected", outcome: "rejected", reject_reason: "bad_signature", event_id: `hist-rej-${orderNo}` });
        }
      }
    }
    paidByDay.push(paid);
  });
  await insertUnnest(db, "orders", [
    ["order_no", "text"], ["user_id", "text"], ["amount_minor", "bigint"], ["provider", "text"], ["subject", "text"], ["status", "text"], ["paid_at", "timestamptz"],
    ["paid_via", "text"], ["fulfilled_at", "timestamptz"], ["closed_at", "timestamptz"], ["close_reason", "text"], ["created_at", "timestamptz"],
  ], orderRows, "currency, updated_at; 'CNY', now()");
  await insertUnnest(db, "callback_events", [
    ["provider", "text"], ["received_at", "timestamptz"], ["verification", "text"], ["outcome", "text"], ["event_id", "text"], ["reject_reason", "text"], ["order_no", "text"],
    ["provider_status", "text"], ["amount_minor", "bigint"], ["event_at", "timestamptz"], ["delay_ms", "bigint"], ["processed_at", "timestamptz"],
  ], callbackRows.map((c) => ({ event_id: null, order_no: null, provider_status: null, amount_minor: null, event_at: null, delay_ms: null, processed_at: null, ...c })),
  `source, headers, body, currency; 'notify', '{}'::jsonb, '{}', 'CNY'`);
  const orderIds = new Map(
    (await db.select({ id: orders.id, orderNo: orders.orderNo }).from(orders).where(and(gte(orders.createdAt, start), lt(orders.createdAt, end), sql`${orders.orderNo} LIKE 'HIST-%'`))).map((o) => [o.orderNo, o.id]),
  );

  // Tickets: a handful a day, more on the incident days; all answered and closed long ago.
  type TicketRow = typeof tickets.$inferInsert;
  const ticketRows: (TicketRow & { breach: boolean })[] = [];
  const complaints = new Map<string, { minute: Date; provider: string; count: number }>();
  const refundRows: (typeof refunds.$inferInsert)[] = [];
  const discrepancyRows: (typeof discrepancies.$inferInsert)[] = [];
  const importRows: (typeof statementImports.$inferInsert)[] = [];
  days.forEach((day, di) => {
    const daysAgo = DAYS - di;
    const incidentDay = KPI_HISTORY_DIPS.some((d) => d.daysAgo === daysAgo);
    const paid = paidByDay[di]!;
    const count = 4 + Math.floor(random() * 5) + (incidentDay ? 12 : 0);
    for (let i = 0; i < count; i++) {
      const fromIncident = incidentDay && i >= count - 12;
      const [type, , subject] = fromIncident ? TICKET_MIX[0]! : weighted(random, TICKET_MIX, (m) => m[1]);
      const hour = fromIncident ? KPI_DIP_HOUR + random() * 2 : 9 + random() * 12;
      const createdAt = new Date(day.start.getTime() + hour * HOUR);
      if (createdAt.getTime() > latest - 2 * HOUR) continue;
      const order = paid.length && random() < 0.7 ? paid[Math.floor(random() * paid.length)]! : null;
      const busy = fromIncident ? 3 : 1;
      const firstResponseAt = new Date(createdAt.getTime() + (2 + random() * 25) * busy * MIN);
      const solvedAt = new Date(Math.min(firstResponseAt.getTime() + (10 + random() * 600) * MIN, latest - HOUR));
      const fcr = random() < 0.72;
      ticketRows.push({
        number: `H-${day.day.replaceAll("-", "")}-${String(i + 1).padStart(3, "0")}`, subject, description: subject, status: "closed", type,
        source: random() < 0.6 ? "self_service" : "console", orderNo: order?.orderNo ?? null, requesterUserId: `hist-u${i}`, createdBy: "demo:history",
        createdAt, updatedAt: solvedAt, firstResponseAt: firstResponseAt.getTime() < solvedAt.getTime() ? firstResponseAt : solvedAt, solvedAt, closedAt: solvedAt,
        agentReplyCount: fcr ? 1 : 2 + Math.floor(random() * 3), firstContactResolution: fcr, handleSeconds: Math.round(120 + random() * (fcr ? 600 : 2400)),
        breach: fromIncident ? random() < 0.3 : random() < 0.04,
      });
      if (type === "complaint" || type === "paid_not_updated" || type === "failed_but_deducted") {
        const minute = new Date(Math.floor(createdAt.getTime() / MIN) * MIN);
        const provider = order?.provider ?? ALL_PROVIDERS;
        const key = `${minute.getTime()}|${provider}`;
        const c = complaints.get(key);
        if (c) c.count++;
        else complaints.set(key, { minute, provider, count: 1 });
      }
    }
    // Refunds: two or three a day; above ¥200 a second person approved them.
    for (let i = 0; i < 2 + Math.floor(random() * 2) && paid.length; i++) {
      const o = paid[Math.floor(random() * paid.length)]!;
      const createdAt = new Date(o.at.getTime() + (1 + random() * 6) * HOUR);
      if (createdAt.getTime() > latest - HOUR) continue;
      const approved = o.amountMinor > 20_000;
      const succeededAt = new Date(createdAt.getTime() + (approved ? 90 : 8) * MIN);
      refundRows.push({
        refundNo: `HIST-RF-${o.orderNo}`, orderId: orderIds.get(o.orderNo)!, orderNo: o.orderNo, provider: o.provider as "alipay", userId: "hist-refund", kind: "refund",
        amountMinor: o.amountMinor, currency: "CNY", reasonCode: random() < 0.5 ? "customer_request" : "paid_not_delivered", status: "succeeded",
        requestedBy: "demo:history", requestedByLabel: "客服 / Agent", requestedByRole: "agent", createdAt, updatedAt: succeededAt,
        decidedBy: approved ? "demo:history-manager" : null, decidedByLabel: approved ? "主管 / Manager" : null, decidedAt: approved ? new Date(createdAt.getTime() + 60 * MIN) : null,
        sentAt: succeededAt, succeededAt, attempts: 1,
      });
    }
    // Reconciliation of the day's statement (imported the next morning): a few discrepancies, all closed.
    for (const provider of PROVIDERS) {
      const lines = paid.filter((p) => p.provider === provider).length;
      const found = Math.floor(random() * 3) + (incidentDay && provider === "alipay" ? 3 : 0);
      const detectedAt = new Date(day.end.getTime() + 9 * HOUR + random() * HOUR);
      if (detectedAt.getTime() > latest - HOUR) continue;
      importRows.push({
        provider, businessDate: day.day, fileName: `${provider}-${day.day}.csv`, source: "demo", status: "completed", statementLines: lines, payments: lines,
        matched: Math.max(0, lines - found), discrepancies: found, actorLabel: "demo:history", startedAt: detectedAt, completedAt: detectedAt, createdAt: detectedAt,
      });
      for (let i = 0; i < found; i++) {
        const [type, risk] = weighted(random, DISCREPANCY_MIX, (m) => m[2]);
        const auto = type === "status_mismatch" || type === "fee_mismatch" ? random() < 0.8 : random() < 0.2;
        const resolvedAt = new Date(Math.min(detectedAt.getTime() + (auto ? 2 + random() * 20 : 60 + random() * 1_500) * MIN, latest - HOUR));
        discrepancyRows.push({
          type, risk, provider, status: "resolved", ourFacts: {}, providerFacts: {}, source: "statement", businessDate: day.day,
          differenceMinor: type === "fee_mismatch" ? 1 + Math.floor(random() * 30) : AMOUNTS[Math.floor(random() * AMOUNTS.length)]!, currency: "CNY",
          repairRule: auto ? (type === "fee_mismatch" ? "write_off" : "apply_payment") : null, detectedAt, resolvedAt,
          resolution: auto ? "自动修复 / Repaired by rule" : "人工核对后处理 / Checked and handled by finance", createdAt: detectedAt, updatedAt: resolvedAt,
        });
      }
    }
  });

  const created = await (async () => {
    const out: { id: number; breach: boolean; createdAt: Date }[] = [];
    await insertChunks(ticketRows, async (c) => {
      const ids = await db.insert(tickets).values(c.map(({ breach: _b, ...t }) => t)).onConflictDoNothing().returning({ id: tickets.id, createdAt: tickets.createdAt, number: tickets.number });
      const breachBy = new Map(c.map((t) => [t.number, t.breach]));
      for (const r of ids) out.push({ id: r.id, createdAt: r.createdAt, breach: breachBy.get(r.number) ?? false });
    });
    return out;
  })();
  const events = created.flatMap((t) => [
    { ticketId: t.id, at: t.createdAt, kind: "created" as const, actor: "demo:history" },
    ...(t.breach ? [{ ticketId: t.id, at: new Date(t.createdAt.getTime() + 2 * HOUR), kind: "sla_breached" as const, actor: "system:sla" }] : []),
  ]);
  await insertChunks(events, (c) => db.insert(ticketEvents).values(c));
  await insertChunks([...complaints.values()], (c) =>
    db.insert(complaintCounts).values(c).onConflictDoUpdate({ target: [complaintCounts.minute, complaintCounts.provider], set: { count: sql`${complaintCounts.count} + excluded.count` } }),
  );
  await insertChunks(refundRows, (c) => db.insert(refunds).values(c).onConflictDoNothing());
  await insertChunks(discrepancyRows, (c) => db.insert(discrepancies).values(c));
  await insertChunks(importRows, (c) => db.insert(statementImports).values(c).onConflictDoNothing());

  // The rollups, as the minute job would have run them: these providers' minutes from their raw rows, added
  // into the overall rows (which already hold the sandbox's synthesized history), then the hours.
  await rollupMetrics(db, { now: end, from: start, providers: PROVIDERS, settleMs: 0 });
  await mergeIntoOverall(db, start, end);
  await rollupKpis(db, { now, from: start });
  return { orders: orderRows.length };
}

/** Adds the given providers' minutes into the "*" rows (creating them where the minute had none), in one statement. */
async function mergeIntoOverall(db: Db, from: Date, to: Date) {
  const cells = Array.from({ length: CALLBACK_DELAY_BOUNDS_MS.length + 1 }, (_, i) => i + 1);
  const sums = ["attempts", "successes", "users", "callbacks", "callback_failures", "callbacks_missing", "amount_minor", "complaints", "fixed_by_query"];
  const histSum = `CASE WHEN count(callback_delay_hist) = 0 THEN NULL ELSE ARRAY[${cells.map((i) => `coalesce(sum(callback_delay_hist[${i}]), 0)::int`).join(", ")}] END`;
  const histAdd = `CASE WHEN metric_minutes.callback_delay_hist IS NULL THEN excluded.callback_delay_hist WHEN excluded.callback_delay_hist IS NULL THEN metric_minutes.callback_delay_hist
    ELSE ARRAY[${cells.map((i) => `metric_minutes.callback_delay_hist[${i}] + excluded.callback_delay_hist[${i}]`).join(", ")}] END`;
  await db.execute(sql`
    INSERT INTO metric_minutes (minute, provider, ${sql.raw(sums.join(", "))}, callback_delay_p_50_ms, callback_delay_p_95_ms, callback_delay_hist)
    SELECT minute, ${ALL_PROVIDERS}, ${sql.raw(sums.map((c) => `sum(${c})`).join(", "))}, min(callback_delay_p_50_ms), max(callback_delay_p_95_ms), ${sql.raw(histSum)}
    FROM metric_minutes
    WHERE provider IN (${sql.join(PROVIDERS.map((p) => sql`${p}`), sql`, `)}) AND minute >= ${from.toISOString()}::timestamptz AND minute < ${to.toISOString()}::timestamptz
    GROUP BY minute
    ON CONFLICT (provider, minute) DO UPDATE SET
      ${sql.raw(sums.map((c) => `${c} = metric_minutes.${c} + excluded.${c}`).join(", "))},
      callback_delay_p_50_ms = coalesce(metric_minutes.callback_delay_p_50_ms, excluded.callback_delay_p_50_ms),
      callback_delay_p_95_ms = greatest(metric_minutes.callback_delay_p_95_ms, excluded.callback_delay_p_95_ms),
      callback_delay_hist = ${sql.raw(histAdd)}`);
}
