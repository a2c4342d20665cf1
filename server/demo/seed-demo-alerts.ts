import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { ALL_PROVIDERS, alertNotifications, alerts, incidents, metricMinutes, users } from "@/db/schema";
import { fakeOrder } from "@/scripts/simulator/fake-orders";
import { intBetween, seededRandom } from "@/scripts/simulator/random";
import { planFor, type Scenario } from "@/scripts/simulator/scenarios";
import { evaluateAlerts } from "@/server/alerts/evaluate-alerts";
import { seedDefaultRules } from "@/server/alerts/seed-default-rules";
import { systemActor, type Actor } from "@/server/audit/write-audit";
import { settleInbox } from "@/server/callbacks/inbox-applier";
import { receiveCallback } from "@/server/callbacks/receive-callback";
import { getEnv } from "@/server/env";
import { addIncidentNote } from "@/server/incidents/add-incident-note";
import { resolveIncident } from "@/server/incidents/resolve-incident";
import { setCommander } from "@/server/incidents/set-commander";
import { rollupMetrics } from "@/server/metrics/rollup-metrics";
import { registerOrder } from "@/server/orders/register-order";
import { getProviderAdapter } from "@/server/providers";
import { signSandboxPayload } from "@/server/providers/sandbox/sign";
import { demoWeekdayFactor } from "@/server/kpi/seed-demo-kpi-history";

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const floorMin = (t: number) => Math.floor(t / MIN) * MIN;

/**
 * Rollup history synthesized before the live segment: the KPI dashboard's 30 days and today (next to the raw
 * Alipay/WeChat Pay history of server/kpi/seed-demo-kpi-history.ts, so the all-providers series is even), which
 * also covers the 7- and 30-day backtest windows and gives the detector weekly baselines.
 */
export const HISTORY_DAYS = 31;
/**
 * The live segment is the simulator's callback-outage run cut at three quarters: its plan withholds every
 * callback during the middle half, so the seed ends inside the outage with the provider-down alert firing.
 * 36 minutes of run → 9 healthy minutes, then 18 without callbacks (the alert fires ~5 minutes in).
 */
const RUN_MINUTES = 36;
/** Orders per minute in the live segment: the provider-down rule's volume guard (20) is met by a 5-minute window. */
const LIVE_RATE = 4;
/** The past outage in the synthesized history: days back, business-time hour (Asia/Shanghai by default), length. */
const PAST_OUTAGE = { daysAgo: 3, hour: 14, minutes: 20 };

export interface SeedDemoAlertsResult {
  rollupRows: number;
  liveOrders: number;
  firingAlertId: number | null;
  openIncidentId: number | null;
  resolvedIncidentId: number | null;
}

interface Synth {
  minute: Date[];
  attempts: number[];
  successes: number[];
  users: number[];
  callbacks: number[];
  failures: number[];
  missing: number[];
  p50: (number | null)[];
  p95: (number | null)[];
  amount: number[];
}

/** Business-time hour of day at `ts` (the zone's offset taken once: Asia/Shanghai has no daylight saving). */
function hourOf(ts: number, offsetMs: number): number {
  return new Date(ts + offsetMs).getUTCHours();
}

function zoneOffsetMs(timeZone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute")) - floorMin(at.getTime());
}

/** Start (UTC epoch ms) of business-time `hour` on the day `daysAgo` days before `ts`. */
function businessHourStart(ts: number, daysAgo: number, hour: number, offsetMs: number): number {
  const local = new Date(ts + offsetMs - daysAgo * DAY);
  return Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), hour) - offsetMs;
}

/** Daytime-heavy, never empty: 0.6 of the daytime level at night. */
const dayShape = (hour: number) => (hour < 7 ? 0.6 : hour < 9 ? 0.8 : hour < 22 ? 1 : 0.8);

/**
 * Per-minute rollups for the sandbox provider (and the overall row, which the KPI history seed then adds
 * Alipay and WeChat Pay into) from `fromTs` to `toTs` (exclusive), synthesized directly: driving a month of
 * orders and signed callbacks through the intake would take minutes, and the detector reads only these rows.
 * The same daily shape every day, the demo's weekly one (busier Fridays and weekends) on top, at the live
 * segment's rate. Includes a callback outage for the evaluator to find.
 */
function synthesizeHistory(random: () => number, fromTs: number, toTs: number, offsetMs: number, outage: readonly [number, number]): Synth {
  const out: Synth = { minute: [], attempts: [], successes: [], users: [], callbacks: [], failures: [], missing: [], p50: [], p95: [], amount: [] };
  for (let ts = fromTs; ts < toTs; ts += MIN) {
    const level = LIVE_RATE * dayShape(hourOf(ts, offsetMs)) * demoWeekdayFactor(new Date(ts + offsetMs).getUTCDay());
    const attempts = Math.max(0, Math.round(level + (random() - 0.5) * 4));
    if (attempts === 0) continue;
    const inOutage = ts >= outage[0] && ts < outage[1];
    // About 3 % of attempts are abandoned; the rest are paid and notified (during the outage the janitor
    // found the payments later, so the cohort still counts as paid, but no notification came).
    const successes = attempts - (random() < 0.12 ? 1 : 0);
    const callbacks = inOutage ? 0 : successes;
    const missing = inOutage ? successes : 0;
    const p95 = inOutage ? null : intBetween(random, 1_500, 2_400);
    const p50 = p95 === null ? null : intBetween(random, 600, 1_200);
    let amount = 0;
    for (let i = 0; i < attempts; i++) amount += Math.round(intBetween(random, 1_500, 16_000) / 10) * 10;
    out.minute.push(new Date(ts));
    out.attempts.push(attempts);
    out.successes.push(successes);
    out.users.push(attempts);
    out.callbacks.push(callbacks);
    out.failures.push(0);
    out.missing.push(missing);
    out.p50.push(p50);
    out.p95.push(p95);
    out.amount.push(amount);
  }
  return out;
}

/**
 * One insert for all synthesized sandbox minutes (a column of values per array parameter, unnested
 * server-side), then the same rows as the overall scope, copied inside the database.
 */
async function insertRollups(db: Db, s: Synth): Promise<void> {
  const col = (xs: readonly unknown[]) => `{${xs.map((x) => (x === null ? "NULL" : x instanceof Date ? `"${x.toISOString()}"` : JSON.stringify(x))).join(",")}}`;
  const columns = sql.raw("minute, provider, attempts, successes, users, callbacks, callback_failures, callbacks_missing, callback_delay_p_50_ms, callback_delay_p_95_ms, amount_minor");
  await db.execute(sql`
    INSERT INTO ${metricMinutes} (${columns})
    SELECT m, 'sandbox', a, s, u, c, f, x, p50, p95, amt FROM unnest(${col(s.minute)}::timestamptz[], ${col(s.attempts)}::int[], ${col(s.successes)}::int[], ${col(s.users)}::int[],
      ${col(s.callbacks)}::int[], ${col(s.failures)}::int[], ${col(s.missing)}::int[], ${col(s.p50)}::bigint[], ${col(s.p95)}::bigint[], ${col(s.amount)}::bigint[])
      AS v(m, a, s, u, c, f, x, p50, p95, amt)
    ON CONFLICT DO NOTHING`);
  const first = s.minute[0];
  if (!first) return;
  await db.execute(sql`
    INSERT INTO ${metricMinutes} (${columns})
    SELECT minute, ${ALL_PROVIDERS}, attempts, successes, users, callbacks, callback_failures, callbacks_missing, callback_delay_p_50_ms, callback_delay_p_95_ms, amount_minor
    FROM ${metricMinutes} WHERE provider = 'sandbox' AND minute >= ${first.toISOString()}::timestamptz AND minute <= ${s.minute.at(-1)!.toISOString()}::timestamptz
    ON CONFLICT DO NOTHING`);
}

/** The demo ops user as the actor of the seeded incident work (the system if the users were not seeded). */
async function opsActor(db: Db): Promise<Actor> {
  const [ops] = await db.select({ id: users.id, email: users.email }).from(users).where(eq(users.email, "ops@payops.local"));
  return ops ? { id: ops.id, label: ops.email, role: "ops" } : systemActor("demo-seed");
}

/**
 * Alerting history for the demo and the e2e suite, so the alerts console is never empty:
 * - 7 days of per-minute rollups (synthesized; see synthesizeHistory) for backtests, with a past callback
 *   outage (critical: the evaluator opens an incident, which the ops user commands, annotates and resolves
 *   with a summary);
 * - then the simulator's callback-outage run through the real intake — orders registered as the merchant API
 *   does, signed sandbox callbacks through receiveCallback with back-dated receipt times, the rollup and the
 *   evaluator — ending inside the outage: the provider-down alert is firing (onset ~14 minutes before the
 *   seed ends) with the incident it opened, unacknowledged.
 * Every evaluation is the real evaluateAlerts at a back-dated "now", so the cursor ends at the last settled
 * minute and the live job continues from there. Deterministic (seeded PRNG) except for the wall clock.
 */
export async function seedDemoAlerts(db: Db, opts: { now?: Date } = {}): Promise<SeedDemoAlertsResult> {
  const env = getEnv();
  const now = opts.now ?? new Date();
  const random = seededRandom(20261126);
  await seedDefaultRules(db);
  const offsetMs = zoneOffsetMs(env.BUSINESS_TIMEZONE, now);

  const nowMin = floorMin(now.getTime());
  const liveMinutes = Math.round(RUN_MINUTES * 0.75);
  const liveStart = nowMin - liveMinutes * MIN;
  const historyStart = liveStart - HISTORY_DAYS * DAY;
  const outageStart = businessHourStart(nowMin, PAST_OUTAGE.daysAgo, PAST_OUTAGE.hour, offsetMs);
  const outage: [number, number] = [outageStart, outageStart + PAST_OUTAGE.minutes * MIN];

  const synth = synthesizeHistory(random, historyStart, liveStart, offsetMs, outage);
  await insertRollups(db, synth);

  // The past outage through the evaluator as the minute job would have run it then: a few minutes after it
  // began (it fires; the critical alert opens the incident) and after it ended (resolved). Catch-ups are kept
  // short: every minute evaluated costs every rule's seasonal baseline.
  const settle = env.METRICS_SETTLE;
  const pastAlertIds: number[] = [];
  const before = await db.select({ id: alerts.id }).from(alerts);
  await evaluateAlerts(db, { now: new Date(outage[0] + 8 * MIN + settle), maxCatchUpMinutes: 15 });
  await evaluateAlerts(db, { now: new Date(outage[1] + 20 * MIN + settle), maxCatchUpMinutes: 60 });
  const known = new Set(before.map((a) => a.id));
  for (const a of await db.select({ id: alerts.id }).from(alerts)) if (!known.has(a.id)) pastAlertIds.push(a.id);
  if (pastAlertIds.length > 0) {
    // Delivered back then: the live channels must not send three-day-old news.
    await db
      .update(alertNotifications)
      .set({ status: "sent", sentAt: sql`${alertNotifications.notBefore}` })
      .where(and(inArray(alertNotifications.alertId, pastAlertIds), inArray(alertNotifications.status, ["ready", "pending"])));
  }

  const actor = await opsActor(db);
  const [past] = await db.select().from(incidents).where(eq(incidents.status, "open"));
  let resolvedIncidentId: number | null = null;
  if (past) {
    const opened = past.openedAt.getTime();
    await setCommander(db, past.id, "me", actor, new Date(opened + 3 * MIN));
    await addIncidentNote(db, past.id, "沙箱支付回调全部中断；支付本身正常。已手动触发状态查询补单，客服已同步话术。", actor, new Date(opened + 6 * MIN));
    await resolveIncident(
      db, past.id,
      "沙箱渠道回调中断约 20 分钟（渠道侧网关故障）。期间支付成功但通知未达，状态查询任务补回全部订单，无资金差错。改进：回调中断 5 分钟内自动提高状态查询频率。",
      actor, new Date(outage[1] + 30 * MIN),
    );
    resolvedIncidentId = past.id;
  }

  const liveOrders = await driveScenario(db, random, "callback-outage", liveStart, nowMin, RUN_MINUTES * MIN);
  await rollupMetrics(db, { now, from: new Date(liveStart) });
  // Minute by minute would be 27 transactions; every 3 minutes keeps detection times within 3 minutes. The
  // first catch-up reaches a little before the segment (the days since the past outage are skipped).
  for (let t = liveStart + 3 * MIN; t < nowMin; t += 3 * MIN) await evaluateAlerts(db, { now: new Date(t + settle), maxCatchUpMinutes: 10 });
  await evaluateAlerts(db, { now });

  const [firing] = await db.select({ id: alerts.id }).from(alerts).where(and(eq(alerts.ruleKey, "provider-callbacks-down"), eq(alerts.status, "firing")));
  const [open] = await db.select({ id: incidents.id }).from(incidents).where(eq(incidents.status, "open"));
  return { rollupRows: synth.minute.length * 2, liveOrders, firingAlertId: firing?.id ?? null, openIncidentId: open?.id ?? null, resolvedIncidentId };
}

/**
 * A simulator scenario (planFor: callback-outage withholds every notification during the middle half of a run
 * of `runMs`, slow-callbacks delays them 30–180 s, missing-callbacks drops a fifth) over [fromTs, toTs): orders
 * as fakeOrder makes them, registered through registerOrder and moved back to their minute; sandbox
 * notifications signed for and received at their back-dated time through receiveCallback.
 */
export async function driveScenario(
  db: Db, random: () => number, scenario: Scenario, fromTs: number, toTs: number, runMs = toTs - fromTs,
  /** Notifications due later are not delivered (the seed ends); a phase followed by another delivers on. */
  deliverUntil = toTs,
): Promise<number> {
  const env = getEnv();
  const adapter = getProviderAdapter("sandbox");
  if (!adapter) throw new Error("sandbox provider missing");
  const plan = planFor(scenario);
  const runId = `${scenario === "callback-outage" ? "D" : scenario.slice(0, 1).toUpperCase()}${new Date(toTs).toISOString().slice(2, 16).replace(/\D/g, "")}`;
  const created: { orderNo: string; at: Date }[] = [];
  let seq = 0;
  for (let minute = fromTs; minute < toTs; minute += MIN) {
    for (let i = 0; i < LIVE_RATE; i++) {
      const at = new Date(minute + Math.floor(((i + random()) / LIVE_RATE) * MIN));
      const order = fakeOrder(random, runId, ++seq, at);
      await registerOrder(db, order);
      created.push({ orderNo: order.orderNo, at });
      const fraction = (at.getTime() - fromTs) / runMs;
      const withheld = plan.outageWindow !== null && fraction >= plan.outageWindow[0] && fraction < plan.outageWindow[1];
      if (withheld || random() < 0.03) continue; // the outage, or a user who gave up at the cashier
      if (plan.missingCallbackRate > 0 && random() < plan.missingCallbackRate) continue; // paid, never notified
      const paidAt = new Date(at.getTime() + intBetween(random, 5_000, 40_000));
      const receivedAt = new Date(paidAt.getTime() + intBetween(random, plan.callbackDelayMs[0], plan.callbackDelayMs[1]));
      if (receivedAt.getTime() >= deliverUntil) continue; // not delivered yet when the seed ends
      const body = JSON.stringify({
        eventId: `evt_${order.orderNo}`, orderNo: order.orderNo, transactionId: `SBX${order.orderNo}`, amountMinor: order.amountMinor, currency: "CNY",
        status: "SUCCESS", paidAt: paidAt.toISOString(),
      });
      await receiveCallback(db, adapter, {
        headers: { "content-type": "application/json", "sandbox-signature": signSandboxPayload(env.SANDBOX_WEBHOOK_SECRET, body, Math.floor(receivedAt.getTime() / 1000)), "user-agent": "sandbox-notify/1.0" },
        body,
        remoteAddr: "127.0.0.1",
        receivedAt,
        requestId: `seed-alerts-${seq}`,
      });
    }
  }
  await settleInbox(db);
  // registerOrder stamps the real time; the order belongs to its minute of the run (the demo seed's back-dating).
  const values = sql.join(created.map((c) => sql`(${c.orderNo}::text, ${c.at.toISOString()}::timestamptz)`), sql`, `);
  await db.execute(sql`UPDATE orders t SET created_at = m.at, updated_at = m.at
    FROM (VALUES ${values}) m(order_no, at) WHERE t.order_no = m.order_no`);
  await db.execute(sql`UPDATE audit_logs t SET created_at = m.at FROM (VALUES ${values}) m(order_no, at) WHERE t.entity_type = 'order' AND t.entity_id = m.order_no AND t.action = 'order.create'`);
  return created.length;
}
