import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLogs, briefs, incidents, orders, scripts, scriptVersions, tickets, users } from "@/db/schema";
import { diffLines, fillTemplate, templateVariables } from "@/lib/scripts";
import { ConflictError, ForbiddenError } from "@/server/lib/errors";
import { useTestDb } from "@/test/db";
import { approveScriptVersion } from "./approve-script-version";
import { getScript } from "./get-script";
import { listScripts } from "./list-scripts";
import { previewScript } from "./preview-script";
import { recordScriptUse } from "./record-script-use";
import { rejectScriptVersion } from "./reject-script-version";
import { saveScriptDraft } from "./save-script-draft";
import { submitScriptVersion } from "./submit-script-version";
import { suggestScripts } from "./suggest-scripts";

const db = useTestDb();
const SENIOR = "00000000-0000-4000-8000-0000000000c1";
const MANAGER = "00000000-0000-4000-8000-0000000000c2";
const AGENT = "00000000-0000-4000-8000-0000000000c3";
const senior = { id: SENIOR, label: "senior@scripts.test", role: "senior_agent" as const };
const manager = { id: MANAGER, label: "manager@scripts.test", role: "manager" as const };
const agent = { id: AGENT, label: "agent@scripts.test", role: "agent" as const };
const words = (zh: string, en: string) => ({ "zh-CN": zh, en });

async function publish(key: string, situations: ("processing" | "charged_twice" | "done")[], body = words(`${key} 正文`, `${key} text`)) {
  const { scriptId, versionId } = await saveScriptDraft(db(), senior, { key, category: "general", situations, title: words(`${key} 标题`, `${key} title`), text: body });
  await submitScriptVersion(db(), senior, versionId);
  await approveScriptVersion(db(), manager, versionId);
  return { scriptId, versionId };
}

beforeAll(async () => {
  await db().insert(users).values([
    { id: SENIOR, email: "senior@scripts.test", name: "Senior", passwordHash: "x", role: "senior_agent" },
    { id: MANAGER, email: "manager@scripts.test", name: "Manager", passwordHash: "x", role: "manager" },
    { id: AGENT, email: "agent@scripts.test", name: "Agent", passwordHash: "x", role: "agent" },
  ]);
  await db().insert(orders).values([
    // paid at 14:03 Shanghai time, not fulfilled yet: "processing"
    { orderNo: "SC-FILL-1", userId: "u1", amountMinor: 12345, currency: "CNY", provider: "alipay", status: "PAID", paidAt: new Date("2026-11-26T06:03:00Z") },
    { orderNo: "SC-UNPAID-1", userId: "u2", amountMinor: 990, currency: "CNY", provider: "wechatpay" },
  ]);
});

describe("variables", () => {
  const TEMPLATE = words("您的订单{orderNo}已于{paidAt}支付成功,金额{amount},渠道{provider},预计{eta}。工单{ticketNo}", "Order {orderNo} was paid at {paidAt}: {amount} via {provider}, expected {eta}. Ticket {ticketNo}");

  it("fills from the order: money formatted, time in the business zone, unknown left visible", async () => {
    const r = await previewScript(db(), { text: TEMPLATE, orderNo: "SC-FILL-1" });
    expect(r.found).toBe(true);
    expect(r.text["zh-CN"]).toBe("您的订单SC-FILL-1已于2026-11-26 14:03支付成功,金额¥123.45,渠道支付宝,预计30 分钟内。工单{ticketNo}");
    expect(r.text.en).toBe("Order SC-FILL-1 was paid at 2026-11-26 14:03: CN¥123.45 via Alipay, expected within 30 minutes. Ticket {ticketNo}");
  });

  it("an unpaid order has no paidAt or eta; no order leaves every placeholder; a ticket brings its number and order", async () => {
    const unpaid = await previewScript(db(), { text: TEMPLATE, orderNo: "SC-UNPAID-1" });
    expect(unpaid.text.en).toBe("Order SC-UNPAID-1 was paid at {paidAt}: CN¥9.90 via WeChat Pay, expected {eta}. Ticket {ticketNo}");
    const none = await previewScript(db(), { text: TEMPLATE, orderNo: "SC-NO-SUCH" });
    expect(none).toEqual({ found: false, text: TEMPLATE });
    const [t] = await db().insert(tickets).values({ number: "T-2026-990001", subject: "s", description: "d", source: "console", orderNo: "SC-FILL-1", createdBy: "test" }).returning({ id: tickets.id });
    const viaTicket = await previewScript(db(), { text: TEMPLATE, ticketId: t!.id });
    expect(viaTicket.text["zh-CN"]).toBe("您的订单SC-FILL-1已于2026-11-26 14:03支付成功,金额¥123.45,渠道支付宝,预计30 分钟内。工单T-2026-990001");
    expect(JSON.stringify([unpaid, none, viaTicket])).not.toContain("undefined");
  });

  it("the pure helpers", () => {
    expect(fillTemplate("{a}{b}{ c}{}", { a: "1", b: "" })).toBe("1{b}{ c}{}");
    expect(templateVariables("{orderNo} {amount} {orderNo}")).toEqual(["orderNo", "amount"]);
    expect(diffLines("a\nb\nc", "a\nx\nc")).toEqual([
      { kind: "same", text: "a" },
      { kind: "removed", text: "b" },
      { kind: "added", text: "x" },
      { kind: "same", text: "c" },
    ]);
  });
});

describe("versions and approval", () => {
  it("draft → pending → published by someone else; edits are new versions; the published one stays until approved", async () => {
    const { scriptId, versionId: v1 } = await saveScriptDraft(db(), senior, { key: "sc-approval", category: "general", situations: [], title: words("标题一", "Title one"), text: words("第一版", "First") });
    expect((await listScripts(db(), { status: "draft" })).map((s) => s.key)).toContain("sc-approval");
    await expect(approveScriptVersion(db(), manager, v1)).rejects.toBeInstanceOf(ConflictError); // not submitted
    await submitScriptVersion(db(), senior, v1);
    await expect(submitScriptVersion(db(), senior, v1)).rejects.toBeInstanceOf(ConflictError);
    await expect(approveScriptVersion(db(), senior, v1)).rejects.toBeInstanceOf(ForbiddenError); // never one's own draft
    await expect(rejectScriptVersion(db(), senior, v1, "no")).rejects.toBeInstanceOf(ForbiddenError);
    await approveScriptVersion(db(), manager, v1);
    await expect(approveScriptVersion(db(), manager, v1)).rejects.toBeInstanceOf(ConflictError);

    const { versionId: v2 } = await saveScriptDraft(db(), senior, { scriptId, category: "general", situations: [], title: words("标题二", "Title two"), text: words("第二版", "Second") });
    await submitScriptVersion(db(), senior, v2);
    const seen = async () => (await suggestScripts(db(), {})).find((s) => s.id === scriptId)?.text.en;
    expect(await seen()).toBe("First");
    await rejectScriptVersion(db(), manager, v2, "语气太生硬");
    expect(await seen()).toBe("First");

    const { versionId: v3 } = await saveScriptDraft(db(), manager, { scriptId, category: "general", situations: [], title: words("标题三", "Title three"), text: words("第三版", "Third") });
    await submitScriptVersion(db(), manager, v3);
    await expect(approveScriptVersion(db(), manager, v3)).rejects.toBeInstanceOf(ForbiddenError);
    await approveScriptVersion(db(), senior, v3); // the domain allows any other person; the procedure requires script.publish
    expect(await seen()).toBe("Third");

    const detail = await getScript(db(), scriptId);
    expect(detail.script.publishedVersionId).toBe(v3);
    expect(detail.versions.map((v) => [v.number, v.state, v.text.en, v.authorLabel])).toEqual([
      [1, "superseded", "First", "senior@scripts.test"],
      [2, "rejected", "Second", "senior@scripts.test"],
      [3, "published", "Third", "manager@scripts.test"],
    ]);
    expect(detail.versions[1]!.rejectReason).toBe("语气太生硬");
    const audit = await db().select({ action: auditLogs.action, actor: auditLogs.actorLabel }).from(auditLogs).where(and(eq(auditLogs.entityType, "script"), eq(auditLogs.entityId, String(scriptId)))).orderBy(auditLogs.id);
    expect(audit.map((a) => `${a.action} ${a.actor}`)).toEqual([
      "script.create senior@scripts.test",
      "script.draft senior@scripts.test",
      "script.submit senior@scripts.test",
      "script.approve manager@scripts.test",
      "script.draft senior@scripts.test",
      "script.submit senior@scripts.test",
      "script.reject manager@scripts.test",
      "script.draft manager@scripts.test",
      "script.submit manager@scripts.test",
      "script.approve senior@scripts.test",
    ]);
  });

  it("the database refuses a self-approval even past the domain check", async () => {
    const { versionId } = await saveScriptDraft(db(), senior, { key: "sc-db-check", category: "general", situations: [], title: words("t", "t"), text: words("x", "x") });
    await expect(db().update(scriptVersions).set({ state: "published", approvedBy: SENIOR }).where(eq(scriptVersions.id, versionId))).rejects.toMatchObject({ cause: expect.objectContaining({ code: "23514" }) });
  });

  it("a new draft supersedes an older pending one; the queue lists the script once", async () => {
    const { scriptId, versionId: a } = await saveScriptDraft(db(), senior, { key: "sc-queue", category: "general", situations: [], title: words("t", "t"), text: words("a", "a") });
    await submitScriptVersion(db(), senior, a);
    const { versionId: b } = await saveScriptDraft(db(), senior, { scriptId, category: "general", situations: [], title: words("t", "t"), text: words("b", "b") });
    await submitScriptVersion(db(), senior, b);
    const queue = (await listScripts(db(), { status: "pending_approval" })).filter((s) => s.id === scriptId);
    expect(queue.map((s) => s.pendingVersionId)).toEqual([b]);
    await expect(approveScriptVersion(db(), manager, a)).rejects.toBeInstanceOf(ConflictError);
  });
});

describe("suggestions and usage", () => {
  it("situation first, then the active brief's, then the most used; uses counted per version", async () => {
    const fits = await publish("sc-fits-processing", ["processing"]);
    const briefed = await publish("sc-briefed", []);
    const popular = await publish("sc-popular", []);
    const quiet = await publish("sc-quiet", []);
    await publish("sc-other-situation", ["charged_twice"]);
    for (let i = 0; i < 3; i++) await recordScriptUse(db(), agent, { versionId: popular.versionId, orderNo: "SC-FILL-1" });
    await recordScriptUse(db(), agent, { versionId: quiet.versionId, orderNo: "SC-NO-SUCH-ORDER" }); // unknown context is dropped
    const [inc] = await db().insert(incidents).values({ title: "brief", severity: "critical", provider: "sc-test", onsetAt: new Date(), openedBy: "test" }).returning({ id: incidents.id });
    await db().insert(briefs).values({ incidentId: inc!.id, updatedBy: "test", content: { happening: words("a", "a"), affected: words("a", "a"), tellUsers: words("a", "a"), agentsMay: words("a", "a"), scriptIds: [briefed.scriptId] } });

    const mine = new Set([fits, briefed, popular, quiet].map((s) => s.scriptId));
    const order = (await suggestScripts(db(), { orderNo: "SC-FILL-1" })).filter((s) => mine.has(s.id));
    expect(order.map((s) => [s.key, s.reason])).toEqual([
      ["sc-fits-processing", "situation"],
      ["sc-briefed", "incident"],
      ["sc-popular", "popular"],
      ["sc-quiet", "popular"],
    ]);
    const counts = (await listScripts(db(), { status: "published" })).filter((s) => mine.has(s.id)).map((s) => [s.key, s.uses]);
    expect(counts).toEqual(expect.arrayContaining([["sc-popular", 3], ["sc-quiet", 1], ["sc-fits-processing", 0]]));
    expect((await getScript(db(), popular.scriptId)).versions.map((v) => v.uses)).toEqual([3]);
    // a draft is never "used"
    const { versionId: draft } = await saveScriptDraft(db(), senior, { scriptId: quiet.scriptId, category: "general", situations: [], title: words("t", "t"), text: words("d", "d") });
    await expect(recordScriptUse(db(), agent, { versionId: draft })).rejects.toBeInstanceOf(ConflictError);
    const audits = await db().select().from(auditLogs).where(and(eq(auditLogs.action, "script.use"), eq(auditLogs.entityId, String(popular.scriptId))));
    expect(audits).toHaveLength(3);
    expect((await db().select().from(scripts).where(eq(scripts.id, quiet.scriptId)))[0]!.status).toBe("published");
  });
});

describe("the router", () => {
  it("agents only ever list published scripts; editors see drafts and the queue", async () => {
    const { createCaller } = await import("@/server/api/root");
    const ctx = (role: "agent" | "senior_agent", id: string) => ({ user: { id, email: `${role}@scripts.test`, name: role, role, locale: null }, requestId: "t" });
    await saveScriptDraft(db(), senior, { key: "sc-router-draft", category: "general", situations: [], title: words("t", "t"), text: words("x", "x") });
    const agentSees = (await createCaller(ctx("agent", AGENT)).script.list({ status: "all" })).map((s) => s.status);
    expect(new Set(agentSees)).toEqual(new Set(["published"]));
    const seniorSees = (await createCaller(ctx("senior_agent", SENIOR)).script.list({ status: "all" })).map((s) => s.key);
    expect(seniorSees).toContain("sc-router-draft");
  });
});
