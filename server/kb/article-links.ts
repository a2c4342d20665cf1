import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { incidents, kbArticles, kbLinks, scripts, tickets } from "@/db/schema";
import type { KbLinkKind } from "@/lib/kb";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { NotFoundError } from "@/server/lib/errors";

export interface LinkTarget {
  kind: KbLinkKind;
  id: number;
}

const COLUMN = { incident: kbLinks.incidentId, script: kbLinks.scriptId, ticket: kbLinks.ticketId } as const;
const FIELD = { incident: "incidentId", script: "scriptId", ticket: "ticketId" } as const;

/** The articles linked to an incident, a script or a ticket (drafts included: the console shows them marked). */
export async function listLinkedArticles(db: Db, target: LinkTarget) {
  const rows = await db
    .select({ linkId: kbLinks.id, id: kbArticles.id, slug: kbArticles.slug, visibility: kbArticles.visibility, status: kbArticles.status, titleZh: kbArticles.titleZh, titleEn: kbArticles.titleEn })
    .from(kbLinks)
    .innerJoin(kbArticles, eq(kbArticles.id, kbLinks.articleId))
    .where(eq(COLUMN[target.kind], target.id))
    .orderBy(asc(kbLinks.id));
  return rows.map(({ titleZh, titleEn, ...r }) => ({ ...r, title: { "zh-CN": titleZh, en: titleEn } }));
}

async function assertTarget(db: Db, target: LinkTarget): Promise<void> {
  const table = { incident: incidents, script: scripts, ticket: tickets }[target.kind];
  const [row] = await db.select({ id: table.id }).from(table).where(eq(table.id, target.id));
  if (!row) throw new NotFoundError(`${target.kind} ${target.id} not found`);
}

/** Links an article (linking twice is one link). */
export async function linkArticle(db: Db, actor: Actor, input: { articleId: number; target: LinkTarget }): Promise<void> {
  await db.transaction(async (tx) => {
    const [a] = await tx.select({ id: kbArticles.id }).from(kbArticles).where(eq(kbArticles.id, input.articleId));
    if (!a) throw new NotFoundError(`article ${input.articleId} not found`);
    await assertTarget(tx, input.target);
    const inserted = await tx
      .insert(kbLinks)
      .values({ articleId: input.articleId, [FIELD[input.target.kind]]: input.target.id, createdBy: actor.label })
      .onConflictDoNothing()
      .returning({ id: kbLinks.id });
    if (inserted.length) await writeAudit(tx, actor, { action: "kb.link", entityType: "kb_article", entityId: String(input.articleId), after: input.target });
  });
}

export async function unlinkArticle(db: Db, actor: Actor, input: { articleId: number; target: LinkTarget }): Promise<void> {
  await db.transaction(async (tx) => {
    const removed = await tx
      .delete(kbLinks)
      .where(and(eq(kbLinks.articleId, input.articleId), eq(COLUMN[input.target.kind], input.target.id)))
      .returning({ id: kbLinks.id });
    if (!removed.length) throw new NotFoundError("no such link");
    await writeAudit(tx, actor, { action: "kb.unlink", entityType: "kb_article", entityId: String(input.articleId), before: input.target });
  });
}
