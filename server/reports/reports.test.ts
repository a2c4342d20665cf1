import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertRules, alerts, auditLogs, discrepancies, incidentAlerts, incidents, kbArticles, reconRules, reportDeliveries, reports, reviewActionItems, scripts, tickets, users } from "@/db/schema";
import { seedDefaultRules } from "@/server/alerts/seed-default-rules";
import { systemActor } from "@/server/audit/write-audit";
import { ForbiddenError } from "@/server/lib/errors";
import { decodeHeader, parseMail, startFakeChannels, type FakeChannels } from "@/test/fake-channels";
import { useTestDb } from "@/test/db";
import { overrideEnv } from "@/test/override-env";
import { deliverReport } from "./deliver-report";
import { generateReport } from "./generate-report";
import { lastCompletePeriod, periodOf, scheduledPeriodDue } from "./report-period";
import { runDueReports } from "./report-schedule";
import { acceptSuggestion } from "./accept-suggestion";
import { withActions } from "./suggestion-actions";
import { setSubscription } from "./subscriptions";
import { computeSuggestions } from "./suggestions";

const db = useTestDb();
const TZ = "Asia/Shanghai";
let seq = 0;
const uniq = (p: string) => `${p}-${++seq}-${Math.random().toString(36).slice(2, 7)}`;
const at = (s: string) => new Date(s);
const minutes = (d: Date, n: number) => new Date(d.getTime() + n * 60_000);

async function user(role: "manager" | "admin" | "finance" | "agent" | "ops", locale: string | null = null) {
  const [u] = await db().insert(users).values({ email: `${uniq(role)}@payops.local`, name: uniq(role), passwordHash: "x", role, locale }).returning();
  return u!;
}

async function ticket(type: "refund" | "charged_twice" | "other" | "complaint", createdAt: Date, extra: Partial<typeof tickets.$inferInsert> = {}) {
  const n = uniq("T");
  const [t] = await db().insert(tickets).values({ number: n, subject: n, description: "d", source: "console", createdBy: "test", type, createdAt, ...extra }).returning();
  return t!;
}

async function discrepancy(type: "amount_mismatch" | "status_mismatch" | "duplicate_payment", detectedAt: Date, resolvedAt: Date, extra: Partial<typeof discrepancies.$inferInsert> = {}) {
  const [d] = await db()
    .insert(discrepancies)
    .values({ type, risk: "low", status: "resolved", provider: "alipay", providerTransactionId: uniq("tx"), ourFacts: {}, providerFacts: {}, currency: "CNY", detectedAt, resolvedAt, ...extra })
    .returning();
  return d!;
}

describe("report periods in the business time zone (Asia/Shanghai)", () => {
  it("last week is Monday to Monday in Shanghai, starting at 16:00 UTC the Sunday before", () => {
    // 2026-11-23 is a Monday; 01:30 UTC is 09:30 in Shanghai.
    const p = lastCompletePeriod("weekly", at("2026-11-23T01:30:00Z"), TZ);
    expect(p).toMatchObject({ start: "2026-11-16", end: "2026-11-23", previousStart: "2026-11-09" });
    expect(p.from.toISOString()).toBe("2026-11-15T16:00:00.000Z");
    expect(p.to.toISOString()).toBe("2026-11-22T16:00:00.000Z");
    expect(p.previousFrom.toISOString()).toBe("2026-11-08T16:00:00.000Z");
  });

  it("the weekly schedule turns over at Monday 09:00 Shanghai, not at UTC midnight", () => {
    // Sunday 23:30 UTC is already Monday 07:30 in Shanghai: before 09:00 the due report is still the week before last.
    expect(scheduledPeriodDue("weekly", at("2026-11-22T23:30:00Z"), TZ).start).toBe("2026-11-09");
    expect(scheduledPeriodDue("weekly", at("2026-11-23T00:59:59Z"), TZ).start).toBe("2026-11-09");
    expect(scheduledPeriodDue("weekly", at("2026-11-23T01:00:00Z"), TZ).start).toBe("2026-11-16");
    expect(scheduledPeriodDue("weekly", at("2026-11-27T12:00:00Z"), TZ).start).toBe("2026-11-16");
  });

  it("the monthly schedule turns over on the 1st at 09:00 Shanghai", () => {
    expect(scheduledPeriodDue("monthly", at("2026-11-30T16:30:00Z"), TZ).start).toBe("2026-10-01"); // Dec 1st 00:30 Shanghai
    const p = scheduledPeriodDue("monthly", at("2026-12-01T01:00:00Z"), TZ);
    expect(p).toMatchObject({ start: "2026-11-01", end: "2026-12-01", previousStart: "2026-10-01" });
    expect(p.from.toISOString()).toBe("2026-10-31T16:00:00.000Z");
  });

  it("refuses a weekly period that does not start on a Monday", () => {
    expect(() => periodOf("weekly", "2026-11-17", TZ)).toThrow(RangeError);
    expect(() => periodOf("monthly", "2026-11-02", TZ)).toThrow(RangeError);
  });
});

describe("generateReport", () => {
  // Week of Monday 2025-03-03 (Shanghai): 2025-03-02T16:00Z .. 2025-03-09T16:00Z.
  const week = periodOf("weekly", "2025-03-03", TZ);
  const inWeek = (h: number) => new Date(week.from.getTime() + h * 3_600_000);

  it("stores the manual-intervention analysis, incidents with action items, and is a snapshot until regenerated", async () => {
    // By hand: 3 amount_mismatch (handled 10, 20, 60 minutes), one of them changed again later (rework); by rule: 1.
    const a = await discrepancy("amount_mismatch", inWeek(1), minutes(inWeek(1), 10));
    await discrepancy("amount_mismatch", inWeek(2), minutes(inWeek(2), 20));
    await discrepancy("amount_mismatch", inWeek(3), minutes(inWeek(3), 60));
    await discrepancy("amount_mismatch", inWeek(4), minutes(inWeek(4), 1), { repairRule: "write_off", status: "written_off" });
    await discrepancy("status_mismatch", inWeek(5), minutes(inWeek(5), 5), { repairRule: "apply_payment" });
    // Outside the week: not counted.
    await discrepancy("amount_mismatch", inWeek(-30), inWeek(-20));
    await db().insert(auditLogs).values({ actorLabel: "fin@payops.local", action: "discrepancy.resolve", entityType: "discrepancy", entityId: String(a.id), createdAt: minutes(inWeek(1), 10) });
    await db().insert(auditLogs).values({ actorLabel: "fin@payops.local", action: "discrepancy.write_off", entityType: "discrepancy", entityId: String(a.id), createdAt: inWeek(30) });
    // Tickets solved in the week: 3, one of them reopened before.
    await ticket("refund", inWeek(1), { status: "solved", solvedAt: inWeek(2) });
    await ticket("refund", inWeek(1), { status: "solved", solvedAt: inWeek(3), reopenCount: 2 });
    await ticket("other", inWeek(1), { status: "solved", solvedAt: inWeek(4) });
    const [inc] = await db().insert(incidents).values({ title: "支付宝成功率下降", severity: "critical", provider: "alipay", onsetAt: inWeek(20), openedAt: inWeek(20), resolvedAt: inWeek(21), status: "resolved", openedBy: "system:alerts" }).returning();
    await db().insert(incidents).values({ title: "older", severity: "warning", provider: "wechatpay", onsetAt: inWeek(-50), openedAt: inWeek(-50), resolvedAt: inWeek(-49), status: "resolved", openedBy: "x" });
    const owner = await user("manager");
    await db().insert(reviewActionItems).values([
      { incidentId: inc!.id, title: "成功率告警阈值从 50% 调到 60%", ownerId: owner.id, dueOn: "2025-03-05", status: "open" },
      { incidentId: inc!.id, title: "补单脚本写进值班手册", ownerId: null, dueOn: "2025-03-20", status: "done" },
    ]);

    const now = at("2025-03-10T02:00:00Z");
    const row = await generateReport(db(), { kind: "weekly", periodStart: "2025-03-03", now, by: systemActor("schedule") });
    expect(row).toMatchObject({ kind: "weekly", periodStart: "2025-03-03", periodEnd: "2025-03-10", generatedBy: "system:schedule" });
    expect(row.data.from).toBe("2025-03-02T16:00:00.000Z");
    expect(row.data.manual.rows).toEqual([
      { type: "amount_mismatch", manual: 3, auto: 1, handleMedianS: 1200, reversed: 1 },
      { type: "status_mismatch", manual: 0, auto: 1, handleMedianS: null, reversed: 0 },
    ]);
    expect(row.data.manual).toMatchObject({ totalManual: 3, totalAuto: 2, ticketsSolved: 3, ticketsReopened: 1 });
    expect(row.data.incidents).toHaveLength(1);
    expect(row.data.incidents[0]).toMatchObject({ id: inc!.id, title: "支付宝成功率下降", resolvedAt: inWeek(21).toISOString() });
    expect(row.data.incidents[0]!.actionItems.map((i) => [i.title, i.status, i.ownerName, i.overdue])).toEqual([
      ["成功率告警阈值从 50% 调到 60%", "open", owner.name, true],
      ["补单脚本写进值班手册", "done", null, false],
    ]);
    // Every KPI of the four dashboard sections is in the snapshot, with its direction.
    const keys = row.data.figures.map((f) => `${f.section}.${f.key}`);
    expect(keys).toContain("payments.successRate");
    expect(keys).toContain("service.slaBreaches");
    expect(keys).toContain("recon.matchRate");
    expect(keys).toContain("incidents.detectMedianS");
    expect(row.data.figures.find((f) => f.key === "backlog")).toMatchObject({ direction: "down", unit: "count" });
    const [audit] = await db().select().from(auditLogs).where(and(eq(auditLogs.action, "report.generate"), eq(auditLogs.entityId, String(row.id))));
    expect(audit).toBeDefined();

    // Later data does not change the stored report...
    await discrepancy("amount_mismatch", inWeek(6), minutes(inWeek(6), 30));
    const [stored] = await db().select().from(reports).where(eq(reports.id, row.id));
    expect(stored!.data.manual.totalManual).toBe(3);
    // ...until it is regenerated: same row, new snapshot.
    const again = await generateReport(db(), { kind: "weekly", periodStart: "2025-03-03", now: at("2025-03-11T00:00:00Z"), by: { id: owner.id, label: owner.email, role: "manager" } });
    expect(again.id).toBe(row.id);
    expect(again.data.manual.totalManual).toBe(4);
    expect(again.generatedBy).toBe(owner.email);
  });
});

describe("computeSuggestions", () => {
  beforeAll(async () => {
    await seedDefaultRules(db());
  });

  it("(a) a rule that fires and clears within minutes with no incident gets a less sensitive threshold; a clean week gets none", async () => {
    const from = at("2025-05-04T16:00:00Z");
    const to = at("2025-05-11T16:00:00Z");
    const base = { metric: "callback_failure_rate" as const, provider: "alipay", severity: "warning" as const, ruleKey: "callback-failure-rate-high" };
    const mk = (start: Date, minutesOpen: number) => ({
      ...base, status: "resolved" as const, fingerprint: uniq("fp"), onsetAt: start, firedAt: start, resolvedAt: minutes(start, minutesOpen), lastEvaluatedMinute: start,
    });
    expect(await computeSuggestions(db(), { from, to, now: to })).toEqual([]);
    // One quick clear is not a pattern; a long alert is not a false alarm.
    await db().insert(alerts).values([mk(minutes(from, 60), 3), mk(minutes(from, 600), 45)]);
    expect((await computeSuggestions(db(), { from, to, now: to })).filter((s) => s.kind === "alert_false")).toEqual([]);
    await db().insert(alerts).values(mk(minutes(from, 1200), 10));
    const [s] = (await computeSuggestions(db(), { from, to, now: to })).filter((x) => x.kind === "alert_false");
    // threshold 0.4 (rise) × 1.25 = 0.5
    expect(s).toMatchObject({ subject: "callback-failure-rate-high", proposal: { key: "threshold", value: 0.5 }, editorHref: "/alerts/rules?rule=callback-failure-rate-high&threshold=0.5" });
    expect(s!.evidence).toEqual(expect.arrayContaining([{ key: "fired", value: 3, href: "/alerts?rule=callback-failure-rate-high" }, { key: "quickResolved", value: 2 }, { key: "threshold", value: 0.4 }]));
    // The proposal was backtested on the stored metrics (none here: neither fires).
    expect(s!.evidence).toEqual(expect.arrayContaining([{ key: "backtestNow", value: 0 }, { key: "backtestProposed", value: 0 }]));
  });

  it("(a) an incident's alert that fired 12 minutes after the onset is late: a more sensitive threshold is proposed", async () => {
    const from = at("2025-06-01T16:00:00Z");
    const to = at("2025-06-08T16:00:00Z");
    const onset = minutes(from, 100);
    const [inc] = await db().insert(incidents).values({ title: "微信支付成功率下降", severity: "critical", provider: "wechatpay", onsetAt: onset, openedAt: minutes(onset, 12), openedBy: "system:alerts", status: "resolved", resolvedAt: minutes(onset, 60) }).returning();
    const onTime = { metric: "success_rate" as const, provider: "wechatpay", severity: "critical" as const, status: "resolved" as const, lastEvaluatedMinute: onset, resolvedAt: minutes(onset, 60) };
    const [late] = await db().insert(alerts).values({ ...onTime, ruleKey: "success-rate-low", fingerprint: uniq("fp"), onsetAt: onset, firedAt: minutes(onset, 12) }).returning();
    const [quick] = await db().insert(alerts).values({ ...onTime, ruleKey: "success-rate-drop", fingerprint: uniq("fp"), onsetAt: onset, firedAt: minutes(onset, 2) }).returning();
    await db().insert(incidentAlerts).values([{ alertId: late!.id, incidentId: inc!.id }, { alertId: quick!.id, incidentId: inc!.id }]);
    const got = (await computeSuggestions(db(), { from, to, now: to })).filter((s) => s.kind === "alert_late");
    expect(got.map((s) => s.subject)).toEqual(["success-rate-low"]);
    // drop threshold 0.5 → 0.5 + (1 − 0.5) × 0.2 = 0.6
    expect(got[0]).toMatchObject({ proposal: { key: "threshold", value: 0.6 }, editorHref: "/alerts/rules?rule=success-rate-low&threshold=0.6" });
    expect(got[0]!.evidence).toEqual(expect.arrayContaining([{ key: "lateIncidents", value: 1, href: "/incidents" }, { key: "maxDelayMinutes", value: 12 }]));
  });

  it("(b) a busy ticket topic with no published article or script; not once both exist, nor under 5 tickets", async () => {
    const from = at("2025-07-06T16:00:00Z");
    const to = at("2025-07-13T16:00:00Z");
    for (let i = 0; i < 4; i++) await ticket("charged_twice", minutes(from, 10 + i));
    expect((await computeSuggestions(db(), { from, to, now: to })).filter((s) => s.kind === "topic_no_content")).toEqual([]);
    await ticket("charged_twice", minutes(from, 20));
    let [s] = (await computeSuggestions(db(), { from, to, now: to })).filter((x) => x.kind === "topic_no_content");
    expect(s).toMatchObject({ subject: "charged_twice", proposal: { key: "writeArticle", value: "charged_twice" } });
    expect(s!.editorHref).toMatch(/^\/kb\?new=1&category=charged_twice&titleZh=.+&titleEn=.+/);
    expect(s!.evidence).toEqual(expect.arrayContaining([{ key: "tickets", value: 5, href: "/tickets?type=charged_twice" }, { key: "kbPublished", value: 0, href: "/kb" }]));

    await db().insert(kbArticles).values({ slug: uniq("charged-twice"), category: "charged_twice", status: "published", titleZh: "重复扣款", titleEn: "Charged twice", bodyZh: "b", bodyEn: "b", updatedBy: "t" });
    [s] = (await computeSuggestions(db(), { from, to, now: to })).filter((x) => x.kind === "topic_no_content");
    expect(s).toMatchObject({ proposal: { key: "writeScript" } });
    expect(s!.editorHref).toMatch(/^\/scripts\?new=1&category=charged_twice/);

    await db().insert(scripts).values({ key: uniq("charged-twice"), category: "charged_twice", status: "published", createdBy: "t" });
    expect((await computeSuggestions(db(), { from, to, now: to })).filter((x) => x.kind === "topic_no_content")).toEqual([]);
  });

  it("(c) a discrepancy type closed by hand 3 times while its rule is off: enable it; with the rule on and a limit covering them: nothing", async () => {
    const from = at("2025-08-03T16:00:00Z");
    const to = at("2025-08-10T16:00:00Z");
    await db().insert(reconRules).values({ key: "refund_duplicate", enabled: false, params: { maxAutoRefundMinor: 10_000 }, updatedBy: "t" }).onConflictDoUpdate({ target: reconRules.key, set: { enabled: false } });
    for (let i = 0; i < 2; i++) await discrepancy("duplicate_payment", minutes(from, 10 * i), minutes(from, 10 * i + 30), { differenceMinor: 5_000 });
    // By a rule: not manual work.
    await discrepancy("duplicate_payment", minutes(from, 70), minutes(from, 71), { differenceMinor: 5_000, repairRule: "refund_duplicate" });
    expect((await computeSuggestions(db(), { from, to, now: to })).filter((s) => s.kind === "recon_manual")).toEqual([]);
    await discrepancy("duplicate_payment", minutes(from, 100), minutes(from, 160), { differenceMinor: 5_000 });
    const [s] = (await computeSuggestions(db(), { from, to, now: to })).filter((x) => x.kind === "recon_manual");
    expect(s).toMatchObject({ subject: "duplicate_payment", proposal: { key: "enable" }, editorHref: "/reconciliation/rules?rule=refund_duplicate&enabled=1" });
    expect(s!.evidence).toEqual(expect.arrayContaining([{ key: "manualCloses", value: 3, href: "/discrepancies?type=duplicate_payment&status=resolved" }, { key: "handleMedianMinutes", value: 30 }]));

    await db().update(reconRules).set({ enabled: true }).where(eq(reconRules.key, "refund_duplicate"));
    // Enabled, and 5,000 is within its 10,000 limit: the people had other reasons; nothing to tune.
    expect((await computeSuggestions(db(), { from, to, now: to })).filter((x) => x.kind === "recon_manual")).toEqual([]);
    await db().update(reconRules).set({ params: { maxAutoRefundMinor: 1_000 } }).where(eq(reconRules.key, "refund_duplicate"));
    const [raise] = (await computeSuggestions(db(), { from, to, now: to })).filter((x) => x.kind === "recon_manual");
    expect(raise).toMatchObject({ proposal: { key: "maxAutoRefundMinor", value: 5_000 }, editorHref: "/reconciliation/rules?rule=refund_duplicate&maxAutoRefundMinor=5000" });
  });
});

describe("acting on a suggestion: accept, or send it to the team that owns the editor", () => {
  // Week of Monday 2025-09-08 (Shanghai): 2025-09-07T16:00Z .. 2025-09-14T16:00Z; three quick false alarms of one rule.
  const week = periodOf("weekly", "2025-09-08", TZ);
  const quick = (h: number) => {
    const start = new Date(week.from.getTime() + h * 3_600_000);
    return { metric: "callback_failure_rate" as const, provider: "alipay", severity: "warning" as const, ruleKey: "callback-failure-rate-high", status: "resolved" as const, fingerprint: uniq("fp"), onsetAt: start, firedAt: start, resolvedAt: minutes(start, 4), lastEvaluatedMinute: start };
  };
  let reportId = 0;
  const key = { kind: "alert_false" as const, subject: "callback-failure-rate-high" };
  const ref = () => `suggestion:${reportId}:alert_false:callback-failure-rate-high`;

  beforeAll(async () => {
    await seedDefaultRules(db());
    await db().insert(alerts).values([quick(10), quick(30), quick(50)]);
    reportId = (await generateReport(db(), { kind: "weekly", periodStart: "2025-09-08", now: week.to, by: systemActor("test") })).id;
  });

  it("a manager's accept of an alert-rule suggestion opens a ticket in the ops queue, changes no rule, and a second one finds that ticket", async () => {
    const manager = await user("manager");
    const actor = { id: manager.id, label: manager.email, role: "manager" as const };
    const ruleBefore = await db().select().from(alertRules).where(eq(alertRules.key, "callback-failure-rate-high"));
    const [before] = await withActions(db(), actor, (await db().select().from(reports).where(eq(reports.id, reportId)))[0]!.data.suggestions, reportId);
    expect(before).toMatchObject({ ...key, action: { canEdit: false, owner: "ops", ticket: null } });

    const first = await acceptSuggestion(db(), actor, { ...key, reportId }, week.to);
    expect(first).toMatchObject({ outcome: "forwarded", owner: "ops", existing: false });
    const [t] = await db().select().from(tickets).where(eq(tickets.sourceRef, ref()));
    expect(t).toMatchObject({ queue: "ops", type: "other", source: "console", createdBy: manager.email, status: "new" });
    expect(first).toMatchObject({ ticket: { id: t!.id, number: t!.number } });
    // The headline, the evidence (three fired, threshold 0.4 → 0.5) and the pre-filled editor link.
    expect(t!.subject).toBe("改进建议 / Suggestion: Rule “callback-failure-rate-high” raises false alarms");
    expect(t!.description).toContain("规则“callback-failure-rate-high”经常误报");
    expect(t!.description).toContain("- fired = 3 (/alerts?rule=callback-failure-rate-high)");
    expect(t!.description).toContain("- threshold = 0.4");
    expect(t!.description).toContain("Proposal: threshold = 0.5");
    expect(t!.description).toContain("Editor, pre-filled: /alerts/rules?rule=callback-failure-rate-high&threshold=0.5");
    expect(await db().select().from(alertRules).where(eq(alertRules.key, "callback-failure-rate-high"))).toEqual(ruleBefore);
    const forwarded = () => db().select().from(auditLogs).where(and(eq(auditLogs.action, "report.suggestion_forwarded"), eq(auditLogs.entityId, String(reportId))));
    expect(await forwarded()).toEqual([expect.objectContaining({ actorLabel: manager.email, after: expect.objectContaining({ queue: "ops", ticket: t!.number }) })]);

    // Again (a second click, or someone else): the same ticket, nothing new written; the list shows it.
    const second = await acceptSuggestion(db(), actor, { ...key, reportId }, week.to);
    expect(second).toEqual({ outcome: "forwarded", owner: "ops", ticket: { id: t!.id, number: t!.number }, existing: true });
    expect(await db().select().from(tickets).where(eq(tickets.sourceRef, ref()))).toHaveLength(1);
    expect(await forwarded()).toHaveLength(1);
    const [after] = await withActions(db(), actor, (await db().select().from(reports).where(eq(reports.id, reportId)))[0]!.data.suggestions, reportId);
    expect(after!.action).toEqual({ canEdit: false, owner: "ops", ticket: { id: t!.id, number: t!.number } });
  });

  it("an ops user's accept returns the editor and opens no ticket", async () => {
    const ops = await user("ops");
    const actor = { id: ops.id, label: ops.email, role: "ops" as const };
    const ticketsBefore = (await db().select({ id: tickets.id }).from(tickets)).length;
    expect(await acceptSuggestion(db(), actor, { ...key, reportId }, week.to)).toEqual({ outcome: "editor", editorHref: "/alerts/rules?rule=callback-failure-rate-high&threshold=0.5" });
    expect((await db().select({ id: tickets.id }).from(tickets)).length).toBe(ticketsBefore);
    const accepted = await db().select().from(auditLogs).where(and(eq(auditLogs.action, "report.suggestion_accepted"), eq(auditLogs.actorLabel, ops.email)));
    expect(accepted).toHaveLength(1);
  });

  it("each editor's permission and owner: recon rules are finance's, articles and scripts the senior agents'", async () => {
    const recon = { kind: "recon_manual" as const, subject: "duplicate_payment", evidence: [], proposal: { key: "enable" }, editorHref: "/reconciliation/rules?rule=refund_duplicate&enabled=1" };
    const article = { kind: "topic_no_content" as const, subject: "complaint", evidence: [], proposal: { key: "writeArticle" }, editorHref: "/kb?new=1&category=general" };
    const script = { ...article, editorHref: "/scripts?new=1&category=general" };
    const actions = async (role: "manager" | "finance" | "ops" | "senior_agent") => (await withActions(db(), { role }, [recon, article, script], 1)).map((s) => [s.action.owner, s.action.canEdit]);
    expect(await actions("manager")).toEqual([["finance", false], ["cs_l2", true], ["cs_l2", true]]);
    expect(await actions("finance")).toEqual([["finance", true], ["cs_l2", false], ["cs_l2", false]]);
    expect(await actions("ops")).toEqual([["finance", false], ["cs_l2", true], ["cs_l2", false]]);
    expect(await actions("senior_agent")).toEqual([["finance", false], ["cs_l2", true], ["cs_l2", true]]);
  });

  it("refuses a suggestion the report does not hold (the client's choice is never trusted)", async () => {
    const manager = await user("manager");
    await expect(acceptSuggestion(db(), { id: manager.id, label: manager.email, role: "manager" }, { kind: "alert_late", subject: "callback-failure-rate-high", reportId }, week.to)).rejects.toThrow(/suggestion/);
  });
});

describe("e-mail to subscribers", () => {
  let fake: FakeChannels;
  let restore: () => void;
  beforeAll(async () => {
    fake = await startFakeChannels();
    restore = overrideEnv({ ALERT_SMTP_URL: fake.env.ALERT_SMTP_URL!, ALERT_EMAIL_FROM: "PayOps reports <reports@payops.local>", APP_URL: "https://payops.example.com" });
  });
  afterAll(async () => {
    restore();
    await fake.close();
  });

  it("a manager subscribes themselves, an admin anyone; a manager cannot subscribe someone else", async () => {
    const m = await user("manager");
    const other = await user("manager");
    const admin = await user("admin");
    await expect(setSubscription(db(), { id: m.id, label: m.email, role: "manager" }, { userId: other.id, kind: "weekly", subscribed: true })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await setSubscription(db(), { id: m.id, label: m.email, role: "manager" }, { userId: m.id, kind: "weekly", subscribed: true })).toEqual({ changed: true });
    expect(await setSubscription(db(), { id: m.id, label: m.email, role: "manager" }, { userId: m.id, kind: "weekly", subscribed: true })).toEqual({ changed: false });
    expect(await setSubscription(db(), { id: admin.id, label: admin.email, role: "admin" }, { userId: other.id, kind: "weekly", subscribed: true })).toEqual({ changed: true });
    expect(await setSubscription(db(), { id: admin.id, label: admin.email, role: "admin" }, { userId: other.id, kind: "weekly", subscribed: false })).toEqual({ changed: true });
    const audits = await db().select().from(auditLogs).where(eq(auditLogs.entityId, other.id));
    expect(audits.map((a) => a.action).sort()).toEqual(["report.subscribe", "report.unsubscribe"]);
  });

  it("the scheduled run generates the due report, mails each subscriber in their language through SMTP once, and a re-run does nothing", async () => {
    fake.reset();
    const en = await user("manager", "en");
    const zh = await user("manager", null);
    const agent = await user("agent");
    for (const u of [en, zh]) await setSubscription(db(), { id: u.id, label: u.email, role: "manager" }, { userId: u.id, kind: "monthly", subscribed: true });
    // An agent cannot read reports: never mailed even if a row exists.
    await db().execute(`INSERT INTO report_subscriptions (user_id, kind) VALUES ('${agent.id}', 'monthly')`);

    // 2025-10-01 01:00 UTC = 09:00 Shanghai on the 1st: September's monthly report is due.
    const now = at("2025-10-01T01:00:00Z");
    const first = await runDueReports(db(), now);
    expect(first.monthly).toMatchObject({ generated: true, mailed: true });
    const [row] = await db().select().from(reports).where(eq(reports.id, first.monthly.reportId));
    expect(row).toMatchObject({ kind: "monthly", periodStart: "2025-09-01", periodEnd: "2025-10-01", generatedBy: "system:schedule" });

    const toMe = (email: string) => fake.mails.filter((m) => m.to.includes(email));
    expect(toMe(agent.email)).toHaveLength(0);
    const enMail = parseMail(toMe(en.email)[0]!.raw);
    expect(decodeHeader(enMail.headers.subject!)).toBe("[PayOps Monthly report] 2025-09-01 to 2025-09-30");
    expect(enMail.text).toContain(`https://payops.example.com/reports/${row!.id}`);
    expect(enMail.html).toContain(`<a href="https://payops.example.com/reports/${row!.id}">Open the full report in the console</a>`);
    expect(enMail.html).toContain("Payment success rate");
    const zhMail = parseMail(toMe(zh.email)[0]!.raw);
    expect(decodeHeader(zhMail.headers.subject!)).toBe("【PayOps 月报】2025-09-01 至 2025-09-30");
    const log = await db().select().from(reportDeliveries).where(eq(reportDeliveries.reportId, row!.id));
    expect(log.map((d) => d.status)).toEqual(["sent", "sent"]);

    const mailsBefore = fake.mails.length;
    const second = await runDueReports(db(), minutes(now, 15));
    expect(second.monthly).toEqual({ reportId: row!.id, generated: false, mailed: false });
    expect(fake.mails.length).toBe(mailsBefore);
    // Resending by hand skips those already sent.
    expect(await deliverReport(db(), row!.id, now)).toEqual({ sent: 0, failed: 0, skipped: 0 });
  });

  it("without SMTP, each delivery is logged as skipped with the reason", async () => {
    const m = await user("manager");
    await setSubscription(db(), { id: m.id, label: m.email, role: "manager" }, { userId: m.id, kind: "weekly", subscribed: true });
    const row = await generateReport(db(), { kind: "weekly", periodStart: "2025-11-03", now: at("2025-11-10T02:00:00Z"), by: systemActor("schedule") });
    const unset = overrideEnv({ ALERT_SMTP_URL: "" });
    try {
      const out = await deliverReport(db(), row.id, at("2025-11-10T02:00:00Z"));
      expect(out.sent).toBe(0);
      expect(out.skipped).toBeGreaterThanOrEqual(1);
      const [mine] = await db().select().from(reportDeliveries).where(and(eq(reportDeliveries.reportId, row.id), eq(reportDeliveries.userId, m.id)));
      expect(mine).toMatchObject({ status: "skipped", error: "skipped: no SMTP configured", sentAt: null });
    } finally {
      unset();
    }
  });
});

describe("seedDemoReports", () => {
  it("generates last week's report, whose suggestions include writing an article for the complaints, and subscribes the manager", async () => {
    const { seedDemoReports } = await import("./seed-demo-reports");
    const { reportSubscriptions } = await import("@/db/schema");
    await seedDemoRules();
    await user("manager");
    const now = at("2024-02-14T04:00:00Z"); // a Wednesday: last week is 2024-02-05..2024-02-12
    await seedDemoReports(db(), { now });
    await seedDemoReports(db(), { now }); // idempotent
    const [row] = await db().select().from(reports).where(and(eq(reports.kind, "weekly"), eq(reports.periodStart, "2024-02-05")));
    expect(row!.data.suggestions.map((s) => [s.kind, s.subject])).toEqual([
      ["alert_false", "callback-delay-high"],
      ["topic_no_content", "complaint"],
    ]);
    expect(row!.data.suggestions[1]!.editorHref).toMatch(/^\/kb\?new=1&category=general&/);
    const subs = await db().select().from(reportSubscriptions).where(eq(reportSubscriptions.kind, "weekly"));
    expect(subs.length).toBeGreaterThanOrEqual(1);
  });
});

async function seedDemoRules() {
  await seedDefaultRules(db());
  await db().update(alertRules).set({ enabled: true }).where(eq(alertRules.key, "callback-delay-high"));
}
