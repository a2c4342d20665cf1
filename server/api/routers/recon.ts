import "server-only";
import { z } from "zod";
import { PROVIDERS } from "@/lib/enums";
import { cursorInput } from "@/server/lib/keyset";
import { getStatementImport, listStatementImports } from "@/server/recon/list-imports";
import { pullStatement } from "@/server/recon/pull-statement-job";
import { dailySummary } from "@/server/recon/recon-report";
import { deleteStatementMapping, listStatementMappings, saveMappingInput, saveStatementMapping } from "@/server/recon/statement-mappings";
import { procedureFor, router } from "../trpc";

const id = z.number().int().positive();
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD");

/** Statements: imports (with progress and row errors), the daily summary, pull now, saved column mappings. */
export const reconRouter = router({
  imports: procedureFor("discrepancy.read")
    .input(z.object({ provider: z.enum(PROVIDERS).optional(), cursor: cursorInput.optional(), limit: z.number().int().min(1).max(200).optional() }))
    .query(({ ctx, input }) => listStatementImports(ctx.db, input)),

  importDetail: procedureFor("discrepancy.read")
    .input(z.object({ id }))
    .query(({ ctx, input }) => getStatementImport(ctx.db, input.id)),

  summary: procedureFor("discrepancy.read")
    .input(z.object({ date: day, provider: z.enum(PROVIDERS).optional() }))
    .query(({ ctx, input }) => dailySummary(ctx.db, input)),

  pullNow: procedureFor("recon.import")
    .input(z.object({ provider: z.enum(PROVIDERS), date: day }))
    .mutation(({ ctx, input }) => pullStatement(ctx.db, input, ctx.actor)),

  mappings: procedureFor("discrepancy.read")
    .input(z.object({}).optional())
    .query(({ ctx }) => listStatementMappings(ctx.db)),

  saveMapping: procedureFor("recon.configure")
    .input(saveMappingInput)
    .mutation(({ ctx, input }) => saveStatementMapping(ctx.db, ctx.actor, input)),

  deleteMapping: procedureFor("recon.configure")
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => deleteStatementMapping(ctx.db, ctx.actor, input.id)),
});
