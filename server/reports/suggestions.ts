import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { MANUAL_SUGGESTION_MIN, TOPIC_CATEGORY, TOPIC_TITLES, TYPE_REPAIR_RULE, type Suggestion } from "@/lib/reports";
import { backtestRule } from "@/server/alerts/backtest-rule";
import { listRules, type RuleView } from "@/server/alerts/list-rules";
import { getEnv } from "@/server/env";
import { rowsOf } from "@/server/lib/sql";
import { listRepairRules, writeOffMaxMinor, type RepairRule } from "@/server/recon/rules/repair-rules";

/** The thresholds the suggestions fire at (tests and the report page read them). */
export const SUGGESTION_LIMITS = {
  /** An alert resolved within this many minutes of firing, joined to no incident, counts as a false alarm. */
  quickResolveMinutes: 10,
  /** A rule with at least this many false alarms in the period is proposed a less sensitive threshold. */
  falseAlarms: 2,
  /** An incident's alert firing this many minutes after the breach began (or after the incident was opened) is late. */
  lateMinutes: 5,
  /** A ticket topic with at least this many tickets in the period should have a published article and script. */
  topicTickets: 5,
  /** A discrepancy type closed by hand at least this many times in the period. */
  manualCloses: MANUAL_SUGGESTION_MIN,
} as const;

const iso = (d: Date) => d.toISOString();

/** The parameter a suggestion tunes: a threshold rule's threshold, a relative rule's change. */
function tunedParam(rule: RuleView): { name: "threshold" | "change"; value: number } | null {
  const name = rule.kind === "threshold" ? "threshold" : "change";
  const value = rule.params[name];
  return typeof value === "number" && Number.isFinite(value) ? { name, value } : null;
}

const isRate = (rule: RuleView) => rule.metric === "success_rate" || rule.metric === "callback_failure_rate";

function round(rule: RuleView, v: number): number {
  return isRate(rule) || rule.kind === "relative" ? Math.round(v * 100) / 100 : Math.round(v);
}

/**
 * A less (false alarms) or more (late) sensitive value. Rising rules fire above the threshold, dropping ones
 * below; relative rules fire on a change at least this large. Rates stay inside (0, 1).
 */
export function proposeValue(rule: RuleView, current: number, towards: "less" | "more"): number {
  let v: number;
  if (rule.kind === "relative") v = towards === "less" ? current * 1.5 : current * 0.75;
  else if (rule.direction === "drop") v = towards === "less" ? current * 0.8 : current + (1 - current) * 0.2;
  else v = towards === "less" ? current * 1.25 : current * 0.8;
  if (isRate(rule) && rule.kind === "threshold") v = Math.min(0.99, Math.max(0.01, v));
  return round(rule, v);
}

/** What the rule would have fired over the last 7 days of stored metrics, now and with the proposal; null if the draft is invalid. */
async function backtestPair(db: Db, rule: RuleView, param: string, proposed: number, now: Date): Promise<{ now: number; proposed: number } | null> {
  const base = { metric: rule.metric, kind: rule.kind, direction: rule.direction, severity: rule.severity, scopes: rule.scopes, inhibitsProvider: rule.inhibitsProvider };
  try {
    const current = await backtestRule(db, { rule: { ...base, params: rule.params }, days: 7 }, now);
    const draft = await backtestRule(db, { rule: { ...base, params: { ...rule.params, [param]: proposed } }, days: 7 }, now);
    return { now: current.fired, proposed: draft.fired };
  } catch {
    // A proposal the rule schema refuses (e.g. past its resolve threshold) is still worth showing, without a backtest.
    return null;
  }
}

async function alertSuggestions(db: Db, from: Date, to: Date, now: Date): Promise<Suggestion[]> {
  const rules = new Map((await listRules(db)).map((r) => [r.key, r]));
  const out: Suggestion[] = [];

  const falseRows = rowsOf<{ rule_key: string; fired: string; quick: string }>(
    await db.execute(sql`
      SELECT a.rule_key, count(*) AS fired,
             count(*) FILTER (WHERE ia.alert_id IS NULL AND a.resolved_at IS NOT NULL
                              AND a.resolved_at - a.fired_at <= make_interval(mins => ${SUGGESTION_LIMITS.quickResolveMinutes})) AS quick
      FROM alerts a LEFT JOIN incident_alerts ia ON ia.alert_id = a.id
      WHERE a.fired_at >= ${iso(from)}::timestamptz AND a.fired_at < ${iso(to)}::timestamptz
      GROUP BY a.rule_key ORDER BY quick DESC, a.rule_key`),
  );
  for (const r of falseRows) {
    const quick = Number(r.quick);
    const rule = rules.get(r.rule_key);
    const param = rule && tunedParam(rule);
    if (quick < SUGGESTION_LIMITS.falseAlarms || !rule || !param) continue;
    const proposed = proposeValue(rule, param.value, "less");
    const bt = await backtestPair(db, rule, param.name, proposed, now);
    out.push({
      kind: "alert_false",
      subject: rule.key,
      evidence: [
        { key: "fired", value: Number(r.fired), href: `/alerts?rule=${encodeURIComponent(rule.key)}` },
        { key: "quickResolved", value: quick },
        { key: param.name, value: param.value },
        ...(bt ? [{ key: "backtestNow", value: bt.now }, { key: "backtestProposed", value: bt.proposed }] : []),
      ],
      proposal: { key: param.name, value: proposed },
      editorHref: `/alerts/rules?rule=${encodeURIComponent(rule.key)}&${param.name}=${proposed}`,
    });
  }

  // Late: an incident's alert fired long after the breach began, or only after someone had opened the incident.
  const lateRows = rowsOf<{ rule_key: string; incidents: string; max_delay_s: string }>(
    await db.execute(sql`
      SELECT a.rule_key, count(DISTINCT i.id) AS incidents,
             max(extract(epoch FROM greatest(a.fired_at - a.onset_at, a.fired_at - i.opened_at))) AS max_delay_s
      FROM incidents i JOIN incident_alerts ia ON ia.incident_id = i.id JOIN alerts a ON a.id = ia.alert_id
      WHERE i.opened_at >= ${iso(from)}::timestamptz AND i.opened_at < ${iso(to)}::timestamptz AND a.fired_at IS NOT NULL
        AND (a.fired_at - a.onset_at > make_interval(mins => ${SUGGESTION_LIMITS.lateMinutes}) OR a.fired_at > i.opened_at)
      GROUP BY a.rule_key ORDER BY a.rule_key`),
  );
  for (const r of lateRows) {
    const rule = rules.get(r.rule_key);
    const param = rule && tunedParam(rule);
    if (!rule || !param || out.some((s) => s.subject === rule.key)) continue;
    const proposed = proposeValue(rule, param.value, "more");
    const bt = await backtestPair(db, rule, param.name, proposed, now);
    out.push({
      kind: "alert_late",
      subject: rule.key,
      evidence: [
        { key: "lateIncidents", value: Number(r.incidents), href: "/incidents" },
        { key: "maxDelayMinutes", value: Math.round(Number(r.max_delay_s) / 60) },
        { key: param.name, value: param.value },
        ...(bt ? [{ key: "backtestNow", value: bt.now }, { key: "backtestProposed", value: bt.proposed }] : []),
      ],
      proposal: { key: param.name, value: proposed },
      editorHref: `/alerts/rules?rule=${encodeURIComponent(rule.key)}&${param.name}=${proposed}`,
    });
  }
  return out;
}

async function topicSuggestions(db: Db, from: Date, to: Date): Promise<Suggestion[]> {
  const rows = rowsOf<{ type: string; tickets: string }>(
    await db.execute(sql`
      SELECT type, count(*) AS tickets FROM tickets
      WHERE created_at >= ${iso(from)}::timestamptz AND created_at < ${iso(to)}::timestamptz
      GROUP BY type HAVING count(*) >= ${SUGGESTION_LIMITS.topicTickets} ORDER BY count(*) DESC, type`),
  );
  if (rows.length === 0) return [];
  const published = rowsOf<{ what: "kb" | "script"; category: string; n: string }>(
    await db.execute(sql`
      SELECT 'kb' AS what, category, count(*) AS n FROM kb_articles WHERE status = 'published' GROUP BY category
      UNION ALL
      SELECT 'script' AS what, category, count(*) AS n FROM scripts WHERE status = 'published' GROUP BY category`),
  );
  const count = (what: "kb" | "script", category: string) => Number(published.find((p) => p.what === what && p.category === category)?.n ?? 0);
  const out: Suggestion[] = [];
  for (const r of rows) {
    const category = TOPIC_CATEGORY[r.type];
    if (!category) continue;
    const kb = count("kb", category);
    const scripts = count("script", category);
    if (kb > 0 && scripts > 0) continue;
    const title = TOPIC_TITLES[r.type];
    const titleQuery = title ? `&titleZh=${encodeURIComponent(title["zh-CN"])}&titleEn=${encodeURIComponent(title.en)}` : "";
    const target = kb === 0 ? "kb" : "script";
    out.push({
      kind: "topic_no_content",
      subject: r.type,
      evidence: [
        { key: "tickets", value: Number(r.tickets), href: `/tickets?type=${r.type}` },
        { key: "kbPublished", value: kb, href: `/kb` },
        { key: "scriptsPublished", value: scripts, href: `/scripts` },
      ],
      proposal: { key: target === "kb" ? "writeArticle" : "writeScript", value: category },
      editorHref: `${target === "kb" ? "/kb" : "/scripts"}?new=1&category=${category}${titleQuery}`,
    });
  }
  return out;
}

async function reconSuggestions(db: Db, from: Date, to: Date): Promise<Suggestion[]> {
  const rows = rowsOf<{ type: string; currency: string | null; manual: string; handle_median_s: string | null; p80_minor: string | null }>(
    await db.execute(sql`
      SELECT type, min(currency) AS currency, count(*) AS manual,
             percentile_disc(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - detected_at)) AS handle_median_s,
             percentile_disc(0.8) WITHIN GROUP (ORDER BY coalesce(difference_minor, 0)) AS p80_minor
      FROM discrepancies
      WHERE resolved_at >= ${iso(from)}::timestamptz AND resolved_at < ${iso(to)}::timestamptz
        AND repair_rule IS NULL AND status IN ('resolved', 'written_off')
      GROUP BY type HAVING count(*) >= ${SUGGESTION_LIMITS.manualCloses} ORDER BY count(*) DESC, type`),
  );
  if (rows.length === 0) return [];
  const rules = new Map((await listRepairRules(db)).map((r) => [r.key, r]));
  const env = getEnv();
  const out: Suggestion[] = [];
  for (const r of rows) {
    const key = TYPE_REPAIR_RULE[r.type];
    const rule = key && rules.get(key);
    if (!key || !rule) continue;
    const p80 = Number(r.p80_minor ?? 0);
    let proposal: Suggestion["proposal"] | null = null;
    let query = "";
    let limit: number | null = null;
    if (!rule.enabled) {
      proposal = { key: "enable" };
      query = "&enabled=1";
    } else if (key === "write_off") {
      limit = writeOffMaxMinor(rule as RepairRule<"write_off">, env, r.currency ?? "CNY");
      if (p80 > limit) {
        proposal = { key: "maxMinor", value: p80 };
        query = `&maxMinor=${p80}`;
      }
    } else if (key === "refund_duplicate") {
      limit = (rule as RepairRule<"refund_duplicate">).params.maxAutoRefundMinor;
      if (p80 > limit) {
        proposal = { key: "maxAutoRefundMinor", value: p80 };
        query = `&maxAutoRefundMinor=${p80}`;
      }
    }
    // apply_payment is enabled yet people closed these by hand: the rule could not (order not payable); nothing to tune.
    if (!proposal) continue;
    out.push({
      kind: "recon_manual",
      subject: r.type,
      evidence: [
        { key: "manualCloses", value: Number(r.manual), href: `/discrepancies?type=${r.type}&status=resolved` },
        ...(r.handle_median_s === null ? [] : [{ key: "handleMedianMinutes", value: Math.round(Number(r.handle_median_s) / 60) }]),
        { key: "rule", value: key },
        ...(limit === null ? [] : [{ key: "currentLimitMinor", value: limit }]),
      ],
      proposal,
      editorHref: `/reconciliation/rules?rule=${key}${query}`,
    });
  }
  return out;
}

/**
 * Data-driven suggestions for [from, to), each with its evidence and the editor that opens pre-filled:
 * (a) alert rules that fired falsely (resolved within minutes, joined to no incident) or late (an incident's
 * alert fired long after the breach began or after the incident was opened), with a proposed threshold and a
 * 7-day backtest of it on the stored metrics; (b) busy ticket topics with no published KB article or script in
 * their category; (c) discrepancy types closed by hand repeatedly that an auto-repair rule could take (rule
 * off, or its limit below most of those items).
 */
/** The live suggestions on /reports: the last 7 days up to now. Accepting one recomputes the same window. */
export async function computeLiveSuggestions(db: Db, now: Date): Promise<{ from: Date; to: Date; items: Suggestion[] }> {
  const from = new Date(now.getTime() - 7 * 86_400_000);
  return { from, to: now, items: await computeSuggestions(db, { from, to: now, now }) };
}

export async function computeSuggestions(db: Db, opts: { from: Date; to: Date; now: Date }): Promise<Suggestion[]> {
  return [
    ...(await alertSuggestions(db, opts.from, opts.to, opts.now)),
    ...(await topicSuggestions(db, opts.from, opts.to)),
    ...(await reconSuggestions(db, opts.from, opts.to)),
  ];
}
