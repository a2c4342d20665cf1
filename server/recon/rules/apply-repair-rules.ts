import "server-only";
import type { Db } from "@/db/client";
import type { Actor } from "@/server/audit/write-audit";
import { getEnv, type Env } from "@/server/env";
import { discrepancyTicketSubject, openTicketFrom } from "@/server/tickets/open-ticket-from";
import { applyPaymentRule } from "./apply-payment-rule";
import { closeByRule, recordRuleFailure } from "./close-by-rule";
import { planRepairs, type RepairPlan, type RepairScope } from "./plan-repairs";
import { refundDuplicateRule } from "./refund-duplicate-rule";
import { loadRepairRules, type RepairRules } from "./repair-rules";
import type { RuleOutcome } from "./rule-outcome";

export interface RepairRunResult {
  /** Payments applied (apply_payment) — items resolved. */
  applied: number;
  /** Duplicate-payment refunds requested by this run (approved by the rule or waiting for approval). */
  refunded: number;
  /** Differences written off (write_off). */
  writtenOff: number;
  /** New discrepancy tickets (an item already with a ticket is not counted again). */
  ticketed: number;
}

/**
 * Runs the auto-repair rules over the open items in scope (an import's, a selection, or all), in the plan
 * previewRepairRules shows: each rule acts through its domain's own path (order state machine, refund path,
 * a guarded close), audited in the rule's name; everything else — and anything a rule could not finish,
 * its error on record — becomes one discrepancy ticket for finance or ops (openTicketFrom). Idempotent:
 * closes are guarded updates from "open", the refund no is derived from the item, tickets are one per item;
 * two runs at once act on each item once. Provider calls run outside any transaction. Items are processed one
 * by one, so one item's failure never loses another's result. `openTickets: false` (bulk benchmarks) only
 * repairs.
 */
export async function applyRepairRules(
  db: Db,
  scope: RepairScope,
  actor: Actor,
  opts: { env?: Env; now?: Date; openTickets?: boolean } = {},
): Promise<RepairRunResult> {
  const env = opts.env ?? getEnv();
  const now = opts.now ?? new Date();
  const rules = await loadRepairRules(db);
  const result: RepairRunResult = { applied: 0, refunded: 0, writtenOff: 0, ticketed: 0 };
  for await (const batch of planRepairs(db, scope, rules, env)) {
    for (const plan of batch) {
      const outcome = plan.kind === "rule" ? await act(db, plan, rules, env, actor, now) : null;
      if (outcome?.kind === "done") {
        if (plan.kind === "rule" && plan.rule === "apply_payment") result.applied++;
        if (plan.kind === "rule" && plan.rule === "write_off") result.writtenOff++;
      }
      if (outcome?.kind === "refund_requested") result.refunded++;
      if (outcome?.kind === "failed" && plan.kind === "rule") await recordRuleFailure(db, { id: plan.item.id, rule: plan.rule, error: outcome.error, runBy: actor });
      const why = plan.kind === "ticket" ? plan.why : outcome?.kind === "failed" && plan.kind === "rule" ? `rule ${plan.rule} could not finish: ${outcome.error}` : null;
      if (why !== null && opts.openTickets !== false) {
        const t = await openTicketFrom(db, { kind: "discrepancy", id: plan.item.id }, { subject: discrepancyTicketSubject(plan.item), note: why }, actor, now);
        if (!t.existing) result.ticketed++;
      }
    }
  }
  return result;
}

async function act(db: Db, plan: Extract<RepairPlan, { kind: "rule" }>, rules: RepairRules, env: Env, runBy: Actor, now: Date): Promise<RuleOutcome> {
  switch (plan.rule) {
    case "apply_payment":
      return applyPaymentRule(db, plan.item, runBy, now);
    case "refund_duplicate":
      return refundDuplicateRule(db, { item: plan.item, order: plan.order!, amountMinor: plan.amountMinor, currency: plan.currency, ...(plan.refund ? { refund: plan.refund } : {}), maxAutoRefundMinor: rules.refund_duplicate.params.maxAutoRefundMinor, env, runBy, now });
    case "write_off": {
      const done = await closeByRule(db, {
        id: plan.item.id,
        rule: "write_off",
        to: "written_off",
        resolution: `written off by rule: difference ${plan.amountMinor} ${plan.currency} minor units within the write-off ceiling`,
        detail: { differenceMinor: plan.amountMinor, currency: plan.currency },
        runBy,
        now,
      });
      return done ? { kind: "done" } : { kind: "lost" };
    }
  }
}
