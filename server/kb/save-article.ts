import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { kbArticles, kbRevisions } from "@/db/schema";
import type { KbCategory, KbStatus, KbVisibility } from "@/lib/kb";
import type { Localized } from "@/lib/scripts";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { ConflictError, NotFoundError } from "@/server/lib/errors";
import { articleSearchText } from "./search-articles";

export interface ArticleInput {
  /** An existing article; without it a new one is created with `slug`. */
  id?: number;
  slug: string;
  category: KbCategory;
  tags: string[];
  visibility: KbVisibility;
  status: KbStatus;
  title: Localized;
  body: Localized;
  /** The revision the editor started from: a save over someone else's newer save is refused (no lost edits). */
  baseRevision?: number;
}

/** Creates or edits an article; every save is a revision in the history, written in the same transaction. */
export async function saveArticle(db: Db, actor: Actor, input: ArticleInput): Promise<{ id: number; revision: number }> {
  const fields = {
    slug: input.slug,
    category: input.category,
    tags: input.tags,
    visibility: input.visibility,
    status: input.status,
    titleZh: input.title["zh-CN"],
    titleEn: input.title.en,
    bodyZh: input.body["zh-CN"],
    bodyEn: input.body.en,
    searchText: articleSearchText({ ...input, titleZh: input.title["zh-CN"], titleEn: input.title.en, bodyZh: input.body["zh-CN"], bodyEn: input.body.en }),
    updatedBy: actor.label,
  };
  return db.transaction(async (tx) => {
    let id: number;
    let revision: number;
    let before: unknown = null;
    if (input.id === undefined) {
      const [created] = await tx.insert(kbArticles).values({ ...fields, revision: 1 }).onConflictDoNothing().returning({ id: kbArticles.id });
      if (!created) throw new ConflictError(`an article with slug ${input.slug} exists`);
      id = created.id;
      revision = 1;
    } else {
      const [current] = await tx.select().from(kbArticles).where(eq(kbArticles.id, input.id)).for("update");
      if (!current) throw new NotFoundError(`article ${input.id} not found`);
      if (input.baseRevision !== undefined && input.baseRevision !== current.revision) {
        throw new ConflictError(`article ${input.id} was changed by ${current.updatedBy} meanwhile (revision ${current.revision})`);
      }
      if (current.slug !== input.slug) {
        const [taken] = await tx.select({ id: kbArticles.id }).from(kbArticles).where(eq(kbArticles.slug, input.slug));
        if (taken) throw new ConflictError(`an article with slug ${input.slug} exists`);
      }
      before = { revision: current.revision, slug: current.slug, visibility: current.visibility, status: current.status, title: { "zh-CN": current.titleZh, en: current.titleEn } };
      id = current.id;
      revision = current.revision + 1;
      await tx.update(kbArticles).set({ ...fields, revision }).where(eq(kbArticles.id, id));
    }
    await tx.insert(kbRevisions).values({
      articleId: id,
      revision,
      titleZh: fields.titleZh,
      titleEn: fields.titleEn,
      bodyZh: fields.bodyZh,
      bodyEn: fields.bodyEn,
      visibility: fields.visibility,
      status: fields.status,
      authorId: actor.id,
      authorLabel: actor.label,
    });
    await writeAudit(tx, actor, {
      action: input.id === undefined ? "kb.create" : "kb.update",
      entityType: "kb_article",
      entityId: String(id),
      before,
      after: { revision, slug: input.slug, visibility: input.visibility, status: input.status, title: input.title },
    });
    return { id, revision };
  });
}
