import "server-only";
import { z } from "zod";
import { REPAIR_RULE_KEYS } from "@/lib/recon-rules";
import { applyRepairRules } from "@/server/recon/rules/apply-repair-rules";
import { previewRepairRules } from "@/server/recon/rules/preview-repair-rules";
import { listRepairRules, updateRepairRule } from "@/server/recon/rules/repair-rules";
import { procedureFor, router } from "../trpc";

const minor = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const ids = z.array(z.number().int().positive()).min(1).max(1000);
const draft = z.object({ key: z.enum(REPAIR_RULE_KEYS), enabled: z.boolean().optional(), params: z.record(z.string(), z.unknown()).optional() });
const previewInput = z.object({ importId: z.number().int().positive().optional(), discrepancyIds: ids.optional(), draft: draft.optional() });

export const reconRulesRouter = router({
  list: procedureFor("discrepancy.read").query(({ ctx }) => listRepairRules(ctx.db)),

  // Parameters are checked per rule in the domain (unknown keys refused there too).
  update: procedureFor("recon.configure")
    .input(
      z.discriminatedUnion("key", [
        z.object({ key: z.literal("apply_payment"), enabled: z.boolean().optional() }),
        z.object({ key: z.literal("refund_duplicate"), enabled: z.boolean().optional(), params: z.object({ maxAutoRefundMinor: minor }).optional() }),
        z.object({ key: z.literal("write_off"), enabled: z.boolean().optional(), params: z.object({ maxMinor: minor.nullable() }).optional() }),
      ]),
    )
    .mutation(({ ctx, input }) => updateRepairRule(ctx.db, ctx.actor, input.key, { enabled: input.enabled, params: "params" in input ? input.params : undefined })),

  // `draft`: an unsaved change of one rule, so the page can show its effect before saving.
  preview: procedureFor("discrepancy.read")
    .input(previewInput.optional())
    .query(({ ctx, input }) => {
      const { draft: d, ...scope } = input ?? {};
      return previewRepairRules(ctx.db, scope, d ? { draft: d } : {});
    }),

  /** "Run rules now": the selection, or every open item. */
  run: procedureFor("recon.resolve")
    .input(z.object({ discrepancyIds: ids.optional() }).optional())
    .mutation(({ ctx, input }) => applyRepairRules(ctx.db, input?.discrepancyIds ? { discrepancyIds: input.discrepancyIds } : {}, ctx.actor)),
});
