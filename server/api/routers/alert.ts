import "server-only";
import { z } from "zod";
import { ALERT_DIRECTIONS, ALERT_METRICS, ALERT_RULE_KINDS, ALERT_SEVERITIES, SILENCE_KINDS } from "@/lib/alerts";
import { acknowledgeAlert } from "@/server/alerts/acknowledge-alert";
import { backtestRule } from "@/server/alerts/backtest-rule";
import { createSilence } from "@/server/alerts/create-silence";
import { expireSilence } from "@/server/alerts/expire-silence";
import { getAlert } from "@/server/alerts/get-alert";
import { getAlertCounts } from "@/server/alerts/get-alert-counts";
import { ALERT_LIST_STATUSES, listAlerts } from "@/server/alerts/list-alerts";
import { listRules } from "@/server/alerts/list-rules";
import { listSilences } from "@/server/alerts/list-silences";
import { updateRule } from "@/server/alerts/update-rule";
import { cursorInput } from "@/server/lib/keyset";
import { procedureFor, router } from "../trpc";

const id = z.number().int().positive();
const scopes = z.array(z.enum(["provider", "overall"])).min(1).max(2);
/** The detector's tuning; validated field by field with rule-schema.ts in the verb. */
const params = z.record(z.string().max(64), z.unknown()).refine((p) => Object.keys(p).length <= 32, "too many parameters");
const matchers = z
  .object({ ruleKey: z.string().max(64), metric: z.enum(ALERT_METRICS), provider: z.string().max(32), severity: z.enum(ALERT_SEVERITIES) })
  .partial()
  .strict();

export const alertRouter = router({
  list: procedureFor("alert.read")
    .input(
      z.object({
        status: z.enum(ALERT_LIST_STATUSES).optional(),
        provider: z.string().max(32).optional(),
        severity: z.enum(ALERT_SEVERITIES).optional(),
        cursor: cursorInput.optional(),
        limit: z.number().int().min(1).max(200).optional(),
      }),
    )
    .query(({ ctx, input }) => listAlerts(ctx.db, input)),

  counts: procedureFor("alert.read")
    .input(z.object({}).optional())
    .query(({ ctx }) => getAlertCounts(ctx.db)),

  get: procedureFor("alert.read")
    .input(z.object({ id }))
    .query(({ ctx, input }) => getAlert(ctx.db, input.id)),

  acknowledge: procedureFor("alert.acknowledge")
    .input(z.object({ id }))
    .mutation(async ({ ctx, input }) => {
      const row = await acknowledgeAlert(ctx.db, input.id, ctx.actor);
      return { id: row.id, status: row.status };
    }),

  ruleList: procedureFor("alert.read")
    .input(z.object({}).optional())
    .query(({ ctx }) => listRules(ctx.db)),

  ruleUpdate: procedureFor("alert.manage")
    .input(
      z.object({
        key: z.string().min(1).max(64),
        enabled: z.boolean(),
        severity: z.enum(ALERT_SEVERITIES),
        direction: z.enum(ALERT_DIRECTIONS),
        kind: z.enum(ALERT_RULE_KINDS),
        params,
        scopes,
        inhibitsProvider: z.boolean().optional(),
      }),
    )
    .mutation(({ ctx, input }) => updateRule(ctx.db, input, ctx.actor)),

  backtest: procedureFor("alert.manage")
    .input(
      z.object({
        rule: z.object({ metric: z.enum(ALERT_METRICS), kind: z.enum(ALERT_RULE_KINDS), direction: z.enum(ALERT_DIRECTIONS), severity: z.enum(ALERT_SEVERITIES), params, scopes, inhibitsProvider: z.boolean().optional() }),
        days: z.union([z.literal(7), z.literal(30)]),
      }),
    )
    .query(({ ctx, input }) => backtestRule(ctx.db, input)),

  silenceList: procedureFor("alert.read")
    .input(z.object({ active: z.boolean().optional() }).optional())
    .query(({ ctx, input }) => listSilences(ctx.db, input ?? {})),

  silenceCreate: procedureFor("alert.manage")
    .input(z.object({ kind: z.enum(SILENCE_KINDS), matchers, startsAt: z.coerce.date(), endsAt: z.coerce.date(), comment: z.string().max(500) }))
    .mutation(async ({ ctx, input }) => {
      const row = await createSilence(ctx.db, input, ctx.actor);
      return { id: row.id };
    }),

  silenceExpire: procedureFor("alert.manage")
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => expireSilence(ctx.db, input.id, ctx.actor)),
});
