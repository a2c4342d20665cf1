import "server-only";
import { eq, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { ALL_PROVIDERS, alertEvaluationCursors, alerts, type AlertRow } from "@/db/schema";
import { systemActor } from "@/server/audit/write-audit";
import { getEnv } from "@/server/env";
import { appendAlertEvent } from "@/server/incidents/append-incident-event";
import { placeAlertInIncident } from "@/server/incidents/open-incident";
import { rowsOf } from "@/server/lib/sql";
import { autoPublishNotice } from "@/server/status/auto-publish-notice";
import { FIRST_ACTIONS } from "./detect/default-rules";
import { observe } from "./detect/observe";
import { stepRule } from "./detect/step-rule";
import { INITIAL_STATE, MINUTE_MS, type Observation, type RuleState } from "./detect/types";
import { estimateImpact } from "./estimate-impact";
import { loadEnabledRules } from "./load-rules";
import { applyInhibition, enqueueNotification, notifyResolved, processNotifications } from "./process-notifications";
import { readMetricSeries } from "./read-metric-series";

const CURSOR = "default";
const EVALUATOR = systemActor("alerts");
const LOCK_KEY = 0x616c7274; // "alrt": one evaluation at a time across workers

export interface EvaluateOptions {
  now?: Date;
  settleMs?: number;
  /** After a pause, at most this many minutes are caught up (older ones are skipped). */
  maxCatchUpMinutes?: number;
}

export interface EvaluateResult {
  skipped: boolean;
  minutes: number;
  fired: number;
  resolved: number;
}

const stateOf = (a: AlertRow): RuleState => ({
  phase: a.status === "pending" ? "pending" : "firing",
  onsetTs: a.onsetAt.getTime(),
  firedTs: a.firedAt?.getTime() ?? null,
  breachStreak: a.breachStreak,
  clearStreak: a.clearStreak,
});

const observed = (o: Observation, ts: number) => ({
  minute: new Date(ts).toISOString(), value: o.value, volume: o.volume, windowMinutes: o.windowMinutes,
  baseline: o.baseline ? { value: o.baseline.value, spread: o.baseline.spread, source: o.baseline.source } : null,
});

/**
 * Runs the enabled rules over every settled minute since the last run (a minute is judged once its
 * rollup includes the callbacks that were due: METRICS_SETTLE after it ended) and moves each rule × scope
 * through pending → firing → resolved on the alerts table, one open alert per fingerprint. Then updates
 * impact estimates, inhibition and the notification outbox. One transaction under an advisory lock, so
 * two workers never evaluate the same minute twice.
 */
export async function evaluateAlerts(db: Db, opts: EvaluateOptions = {}): Promise<EvaluateResult> {
  const now = opts.now ?? new Date();
  const settle = opts.settleMs ?? getEnv().METRICS_SETTLE;
  const target = Math.floor((now.getTime() - settle) / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
  return db.transaction(async (tx) => {
    const [lock] = rowsOf<{ ok: boolean }>(await tx.execute(sql`SELECT pg_try_advisory_xact_lock(${LOCK_KEY}) AS ok`));
    if (!lock?.ok) return { skipped: true, minutes: 0, fired: 0, resolved: 0 };

    const [cursor] = await tx.select().from(alertEvaluationCursors).where(eq(alertEvaluationCursors.name, CURSOR));
    const start = Math.max(cursor ? cursor.lastMinute.getTime() + MINUTE_MS : target, target - ((opts.maxCatchUpMinutes ?? 60) - 1) * MINUTE_MS);
    const result: EvaluateResult = { skipped: false, minutes: 0, fired: 0, resolved: 0 };
    const rules = await loadEnabledRules(tx);

    if (start <= target && rules.length > 0) {
      const series = await readMetricSeries(tx, rules, start, target);
      const openRows = await tx.select().from(alerts).where(ne(alerts.status, "resolved"));
      const open = new Map(openRows.map((a) => [a.fingerprint, a]));
      const scopes = new Set<string>([ALL_PROVIDERS, ...series.keys(), ...openRows.map((a) => a.provider)]);
      const dirty = new Set<string>();
      const firedRows: AlertRow[] = [];
      for (let ts = start; ts <= target; ts += MINUTE_MS) {
        result.minutes++;
        for (const scope of scopes) {
          const s = series.get(scope) ?? new Map();
          for (const rule of rules) {
            if (!rule.scopes.includes(scope === ALL_PROVIDERS ? "overall" : "provider")) continue;
            const fingerprint = `${rule.key}|${scope}`;
            const alert = open.get(fingerprint);
            const obs = observe(rule, s, ts);
            const { state, transition } = stepRule(rule, alert ? stateOf(alert) : INITIAL_STATE, obs, ts);
            if (!alert && transition === "none") continue;
            const common = { breachStreak: state.breachStreak, clearStreak: state.clearStreak, lastEvaluatedMinute: new Date(ts), lastValue: observed(obs, ts) };
            switch (transition) {
              case "pending":
              case "fired": {
                const fields = transition === "fired" ? { status: "firing" as const, firedAt: now } : { status: "pending" as const };
                let row: AlertRow | undefined;
                if (alert) {
                  [row] = await tx.update(alerts).set({ ...common, ...fields }).where(eq(alerts.id, alert.id)).returning();
                } else {
                  [row] = await tx
                    .insert(alerts)
                    .values({ ruleKey: rule.key, metric: rule.metric, provider: scope, severity: rule.severity, fingerprint, onsetAt: new Date(state.onsetTs!), actionKeys: [...FIRST_ACTIONS[rule.metric]], ...common, ...fields })
                    .returning();
                }
                open.set(fingerprint, row!);
                if (transition === "fired") {
                  result.fired++;
                  await enqueueNotification(tx, row!, "firing", new Date(now.getTime() + getEnv().ALERT_GROUP_WAIT));
                  firedRows.push(row!);
                }
                break;
              }
              case "cancelled":
              case "resolved": {
                const [row] = await tx.update(alerts).set({ ...common, status: "resolved", resolvedAt: now, inhibitedBy: null }).where(eq(alerts.id, alert!.id)).returning();
                open.delete(fingerprint);
                dirty.delete(fingerprint);
                if (transition === "resolved") {
                  result.resolved++;
                  await notifyResolved(tx, row!, now);
                  await appendAlertEvent(tx, row!.id, "alert_resolved", EVALUATOR.label, { ruleKey: row!.ruleKey, provider: row!.provider }, now);
                }
                break;
              }
              case "none":
                open.set(fingerprint, { ...alert!, ...common });
                dirty.add(fingerprint);
            }
          }
        }
      }
      // Incidents: each alert that fired joins its scope's open incident, a critical one opens one if there is
      // none. Providers before the overall scope and critical first, so that one provider's outage opens that
      // provider's incident (the overall alerts it drags along join it) whatever order the rules ran in.
      firedRows.sort((a, b) => Number(a.provider === ALL_PROVIDERS) - Number(b.provider === ALL_PROVIDERS) || Number(a.severity !== "critical") - Number(b.severity !== "critical") || a.id - b.id);
      for (const row of firedRows) {
        const stillOpen = open.get(row.fingerprint)?.id === row.id;
        const incidentId = await placeAlertInIncident(tx, row, EVALUATOR, { open: stillOpen && row.severity === "critical", now });
        // Issue 9: with the setting on, the incident's "busy" notice goes up with it (one per incident).
        if (incidentId !== null && row.severity === "critical") await autoPublishNotice(tx, incidentId, { now });
      }
      for (const fingerprint of dirty) {
        const a = open.get(fingerprint)!;
        await tx.update(alerts).set({ breachStreak: a.breachStreak, clearStreak: a.clearStreak, lastEvaluatedMinute: a.lastEvaluatedMinute, lastValue: a.lastValue }).where(eq(alerts.id, a.id));
      }
      for (const a of open.values()) {
        if (a.status === "pending") continue;
        const impact = await estimateImpact(tx, a.provider, a.onsetAt, new Date(target + MINUTE_MS));
        await tx.update(alerts).set({ impact: impact as unknown as Record<string, unknown> }).where(eq(alerts.id, a.id));
      }
      await tx
        .insert(alertEvaluationCursors)
        .values({ name: CURSOR, lastMinute: new Date(target) })
        .onConflictDoUpdate({ target: alertEvaluationCursors.name, set: { lastMinute: new Date(target), updatedAt: now } });
    }
    await applyInhibition(tx, new Set(rules.filter((r) => r.inhibitsProvider).map((r) => r.key)));
    await processNotifications(tx, now);
    return result;
  });
}
