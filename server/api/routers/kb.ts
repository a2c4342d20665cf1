import "server-only";
import { z } from "zod";
import { LOCALES } from "@/lib/i18n/locale";
import { KB_BODY_MAX, KB_CATEGORIES, KB_COMMENT_MAX, KB_LINK_KINDS, KB_SLUG_PATTERN, KB_STATUSES, KB_TAG_MAX, KB_TITLE_MAX, KB_VISIBILITIES } from "@/lib/kb";
import { holds } from "@/server/auth/permissions";
import { linkArticle, listLinkedArticles, unlinkArticle } from "@/server/kb/article-links";
import { getArticle } from "@/server/kb/get-article";
import { listArticles } from "@/server/kb/list-articles";
import { recordConsoleFeedback } from "@/server/kb/record-feedback";
import { saveArticle } from "@/server/kb/save-article";
import { searchArticles } from "@/server/kb/search-articles";
import { procedureFor, router } from "../trpc";

const id = z.number().int().positive();
const target = z.object({ kind: z.enum(KB_LINK_KINDS), id });
const localized = (max: number) => z.object({ "zh-CN": z.string().trim().min(1).max(max), en: z.string().trim().min(1).max(max) });

export const kbRouter = router({
  list: procedureFor("kb.read")
    .input(z.object({ category: z.enum(KB_CATEGORIES).optional(), tag: z.string().trim().min(1).max(KB_TAG_MAX).optional(), visibility: z.enum(KB_VISIBILITIES).optional() }))
    .query(({ ctx, input }) => listArticles(ctx.db, input)),

  search: procedureFor("kb.read")
    .input(z.object({ q: z.string().max(100), locale: z.enum(LOCALES), visibility: z.enum(["public", "internal", "all"]).optional(), limit: z.number().int().min(1).max(50).optional() }))
    .query(({ ctx, input }) => searchArticles(ctx.db, input)),

  get: procedureFor("kb.read")
    .input(z.object({ slug: z.string().regex(KB_SLUG_PATTERN) }))
    .query(({ ctx, input }) => getArticle(ctx.db, input.slug)),

  save: procedureFor("kb.edit")
    .input(
      z.object({
        id: id.optional(),
        slug: z.string().regex(KB_SLUG_PATTERN),
        category: z.enum(KB_CATEGORIES),
        tags: z.array(z.string().trim().min(1).max(KB_TAG_MAX)).max(12),
        visibility: z.enum(KB_VISIBILITIES),
        status: z.enum(KB_STATUSES),
        title: localized(KB_TITLE_MAX),
        body: localized(KB_BODY_MAX),
        baseRevision: z.number().int().positive().optional(),
      }),
    )
    .mutation(({ ctx, input }) => saveArticle(ctx.db, ctx.actor, { ...input, tags: [...new Set(input.tags)] })),

  feedback: procedureFor("kb.read")
    .input(z.object({ articleId: id, helpful: z.boolean(), comment: z.string().max(KB_COMMENT_MAX).optional() }))
    .mutation(({ ctx, input }) => recordConsoleFeedback(ctx.db, ctx.actor, input)),

  links: procedureFor("kb.read")
    .input(z.object({ target }))
    // canEdit: whether to offer "Link article" (the component is self-contained; the matrix stays on the server).
    .query(async ({ ctx, input }) => ({ items: await listLinkedArticles(ctx.db, input.target), canEdit: holds(ctx.user, "kb.edit") })),

  link: procedureFor("kb.edit")
    .input(z.object({ articleId: id, target }))
    .mutation(({ ctx, input }) => linkArticle(ctx.db, ctx.actor, input)),

  unlink: procedureFor("kb.edit")
    .input(z.object({ articleId: id, target }))
    .mutation(({ ctx, input }) => unlinkArticle(ctx.db, ctx.actor, input)),
});
