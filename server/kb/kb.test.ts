import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLogs, incidents, kbArticles, kbFeedback, scripts, users } from "@/db/schema";
import { ConflictError, NotFoundError, RateLimitedError } from "@/server/lib/errors";
import { seedScriptsAndKb } from "@/server/scripts/seed-scripts-kb";
import { useTestDb } from "@/test/db";
import { linkArticle, listLinkedArticles, unlinkArticle } from "./article-links";
import { getArticle } from "./get-article";
import { getPublicArticle } from "./public-article";
import { PUBLIC_FEEDBACK_LIMIT, recordConsoleFeedback, recordPublicFeedback } from "./record-feedback";
import { saveArticle } from "./save-article";
import { searchArticles } from "./search-articles";

const db = useTestDb();
const EDITOR_ID = "00000000-0000-4000-8000-0000000000b1";
const editor = { id: EDITOR_ID, label: "senior@kb.test", role: "senior_agent" as const };
const slugs = (hits: { slug: string }[]) => hits.map((h) => h.slug);

beforeAll(async () => {
  await db().insert(users).values({ id: EDITOR_ID, email: "senior@kb.test", name: "Senior", passwordHash: "x", role: "senior_agent" });
  await seedScriptsAndKb(db());
});

describe("search (pg_trgm; Chinese and English)", () => {
  it("finds the refund-timeline article by a 2-character Chinese word, title hits first", async () => {
    const hits = await searchArticles(db(), { q: "退款", locale: "zh-CN" });
    // Titles with 退款: the timelines, "refund not arrived", the double-charge SOP; they rank above body-only hits.
    expect(slugs(hits).slice(0, 3).sort()).toEqual(["refund-not-arrived", "refund-timelines", "sop-charged-twice"]);
    expect(slugs(hits)).toContain("charged-twice"); // body only
    expect(slugs(hits)).not.toContain("system-busy");
  });

  it("ranks the one article whose title has the phrase first, and snippets in the asked language", async () => {
    const hits = await searchArticles(db(), { q: "到账时间", locale: "zh-CN" });
    expect(hits[0]!.slug).toBe("refund-timelines");
    expect(hits[0]!.snippet).toContain("到账时间");
    const huabei = await searchArticles(db(), { q: "花呗", locale: "zh-CN" });
    expect(slugs(huabei)).toEqual(["refund-timelines"]);
  });

  it("English words, several terms (all must occur), and a misspelling by trigram similarity", async () => {
    expect(slugs(await searchArticles(db(), { q: "refund times", locale: "en" }))[0]).toBe("refund-timelines");
    expect(slugs(await searchArticles(db(), { q: "Huabei", locale: "en" }))).toEqual(["refund-timelines"]);
    // both words in both SOPs; "incident" also in one title, which ranks it first
    expect(slugs(await searchArticles(db(), { q: "incident brief", locale: "en" }))).toEqual(["sop-incident-communication", "sop-paid-not-updated"]);
    expect(slugs(await searchArticles(db(), { q: "reconcle", locale: "en" }))).toContain("charged-twice");
    expect(await searchArticles(db(), { q: "zzzz qqqq", locale: "en" })).toEqual([]);
    expect(await searchArticles(db(), { q: "   ", locale: "en" })).toEqual([]);
  });

  it("public visibility leaves internal SOPs out; % and _ are literal", async () => {
    const pub = await searchArticles(db(), { q: "sop", locale: "en", visibility: "public" });
    expect(pub).toEqual([]);
    expect(slugs(await searchArticles(db(), { q: "sop", locale: "en", visibility: "internal" })).sort()).toEqual(["sop-charged-twice", "sop-incident-communication", "sop-paid-not-updated"]);
    expect(await searchArticles(db(), { q: "%", locale: "en" })).toEqual([]);
  });
});

describe("editing and history", () => {
  it("every save is a revision with its author, audited; a stale base revision is refused", async () => {
    const { id } = await saveArticle(db(), editor, {
      slug: "kb-test-article",
      category: "general",
      tags: ["测试"],
      visibility: "internal",
      status: "draft",
      title: { "zh-CN": "测试文章", en: "Test article" },
      body: { "zh-CN": "第一版", en: "First" },
    });
    expect(await searchArticles(db(), { q: "测试文章", locale: "zh-CN" })).toEqual([]); // drafts are not searchable
    const second = await saveArticle(db(), editor, {
      id,
      slug: "kb-test-article",
      category: "general",
      tags: ["测试"],
      visibility: "public",
      status: "published",
      title: { "zh-CN": "测试文章", en: "Test article" },
      body: { "zh-CN": "第二版", en: "Second" },
      baseRevision: 1,
    });
    expect(second.revision).toBe(2);
    await expect(
      saveArticle(db(), editor, { id, slug: "kb-test-article", category: "general", tags: [], visibility: "public", status: "published", title: { "zh-CN": "x", en: "x" }, body: { "zh-CN": "x", en: "x" }, baseRevision: 1 }),
    ).rejects.toBeInstanceOf(ConflictError);
    const detail = await getArticle(db(), "kb-test-article");
    expect(detail.revisions.map((r) => [r.revision, r.body.en, r.authorLabel])).toEqual([
      [2, "Second", "senior@kb.test"],
      [1, "First", "senior@kb.test"],
    ]);
    const audits = await db().select().from(auditLogs).where(and(eq(auditLogs.entityType, "kb_article"), eq(auditLogs.entityId, String(id))));
    expect(audits.map((a) => a.action).sort()).toEqual(["kb.create", "kb.update"]);
    expect(slugs(await searchArticles(db(), { q: "测试文章", locale: "zh-CN" }))).toEqual(["kb-test-article"]);
    await expect(saveArticle(db(), editor, { slug: "refund-timelines", category: "general", tags: [], visibility: "public", status: "draft", title: { "zh-CN": "x", en: "x" }, body: { "zh-CN": "x", en: "x" } })).rejects.toBeInstanceOf(ConflictError);
  });

  it("public readers get only published public articles", async () => {
    expect((await getPublicArticle(db(), "refund-timelines"))?.title.en).toContain("refund");
    expect(await getPublicArticle(db(), "sop-paid-not-updated")).toBeNull();
    expect(await getPublicArticle(db(), "no-such-article")).toBeNull();
  });
});

describe("feedback", () => {
  it("counts console and public answers per article", async () => {
    const [a] = await db().select().from(kbArticles).where(eq(kbArticles.slug, "charged-twice"));
    await recordConsoleFeedback(db(), editor, { articleId: a!.id, helpful: true });
    await recordPublicFeedback(db(), "198.51.100.7", { articleId: a!.id, helpful: false, comment: "  没说多久到账  " });
    const [after] = await db().select().from(kbArticles).where(eq(kbArticles.id, a!.id));
    expect([after!.helpfulYes, after!.helpfulNo]).toEqual([1, 1]);
    const rows = await db().select().from(kbFeedback).where(eq(kbFeedback.articleId, a!.id));
    expect(rows.map((r) => [r.source, r.helpful, r.comment]).sort()).toEqual([
      ["console", true, null],
      ["public", false, "没说多久到账"],
    ]);
  });

  it("throttles anonymous answers per address, and refuses internal articles to the public", async () => {
    const [a] = await db().select().from(kbArticles).where(eq(kbArticles.slug, "system-busy"));
    const now = new Date("2026-11-26T10:00:00Z");
    for (let i = 0; i < PUBLIC_FEEDBACK_LIMIT.perAddress; i++) await recordPublicFeedback(db(), "203.0.113.9", { articleId: a!.id, helpful: true }, now);
    await expect(recordPublicFeedback(db(), "203.0.113.9", { articleId: a!.id, helpful: true }, now)).rejects.toBeInstanceOf(RateLimitedError);
    // another address is not affected, and the window passes
    await recordPublicFeedback(db(), "203.0.113.10", { articleId: a!.id, helpful: true }, now);
    await recordPublicFeedback(db(), "203.0.113.9", { articleId: a!.id, helpful: true }, new Date(now.getTime() + PUBLIC_FEEDBACK_LIMIT.windowMs + 1));
    const [sop] = await db().select().from(kbArticles).where(eq(kbArticles.slug, "sop-paid-not-updated"));
    await expect(recordPublicFeedback(db(), "203.0.113.11", { articleId: sop!.id, helpful: true }, now)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("links", () => {
  it("links an article to an incident once, lists it, unlinks, audited; unknown targets are refused", async () => {
    const [inc] = await db().insert(incidents).values({ title: "kb link test", severity: "warning", provider: "kb-test", onsetAt: new Date(), openedBy: "test" }).returning({ id: incidents.id });
    const [a] = await db().select().from(kbArticles).where(eq(kbArticles.slug, "sop-incident-communication"));
    const target = { kind: "incident" as const, id: inc!.id };
    await linkArticle(db(), editor, { articleId: a!.id, target });
    await linkArticle(db(), editor, { articleId: a!.id, target });
    expect((await listLinkedArticles(db(), target)).map((l) => l.slug)).toEqual(["sop-incident-communication"]);
    await unlinkArticle(db(), editor, { articleId: a!.id, target });
    expect(await listLinkedArticles(db(), target)).toEqual([]);
    const rows = await db().select().from(auditLogs).where(and(eq(auditLogs.entityType, "kb_article"), eq(auditLogs.entityId, String(a!.id))));
    // the seed's links to scripts are audited too; these are the incident's
    expect(rows.filter((r) => JSON.stringify(r.after ?? r.before).includes('"incident"')).map((r) => r.action).sort()).toEqual(["kb.link", "kb.unlink"]);
    await expect(linkArticle(db(), editor, { articleId: a!.id, target: { kind: "ticket", id: 987654 } })).rejects.toBeInstanceOf(NotFoundError);
    // the seed linked the timeline article to its scripts
    const [script] = await db().select().from(scripts).where(eq(scripts.key, "refund-not-arrived"));
    expect((await listLinkedArticles(db(), { kind: "script", id: script!.id })).map((l) => l.slug).sort()).toEqual(["refund-not-arrived", "refund-timelines"]);
  });
});
