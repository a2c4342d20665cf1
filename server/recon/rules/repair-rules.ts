import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { reconRules } from "@/db/schema";
import { currencyExponent, parseMajorToMinor } from "@/lib/money";
import { DEFAULT_REPAIR_RULES, REPAIR_RULE_KEYS, type RepairRuleKey, type RepairRuleParams } from "@/lib/recon-rules";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { holds } from "@/server/auth/permissions";
import type { Env } from "@/server/env";
import { ForbiddenError, ValidationError } from "@/server/lib/errors";

export interface RepairRule<K extends RepairRuleKey = RepairRuleKey> {
  key: K;
  enabled: boolean;
  params: RepairRuleParams[K];
  updatedBy: string | null;
  updatedAt: Date;
}

export type RepairRules = { [K in RepairRuleKey]: RepairRule<K> };

const minor = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const PARAM_SCHEMAS = {
  apply_payment: z.object({}).strict(),
  refund_duplicate: z.object({ maxAutoRefundMinor: minor }).strict(),
  write_off: z.object({ maxMinor: minor.nullable() }).strict(),
} satisfies Record<RepairRuleKey, z.ZodType>;

/** The default rows, once (lazily: a fresh and an old database read the same rules). */
export async function ensureRepairRules(db: Db): Promise<void> {
  await db
    .insert(reconRules)
    .values(REPAIR_RULE_KEYS.map((key) => ({ key, enabled: DEFAULT_REPAIR_RULES[key].enabled, params: DEFAULT_REPAIR_RULES[key].params, updatedBy: "system" })))
    .onConflictDoNothing({ target: reconRules.key });
}

/** The three rules as stored (defaults filled in for parameters a stored row lacks). */
export async function listRepairRules(db: Db): Promise<RepairRule[]> {
  const rules = await loadRepairRules(db);
  return REPAIR_RULE_KEYS.map((k) => rules[k]);
}

/** The rules in force; `write: false` (the dry run) reads missing rows as their defaults instead of inserting them. */
export async function loadRepairRules(db: Db, opts: { write?: boolean } = {}): Promise<RepairRules> {
  if (opts.write !== false) await ensureRepairRules(db);
  const rows = await db.select().from(reconRules);
  const out = {} as Record<RepairRuleKey, RepairRule>;
  for (const key of REPAIR_RULE_KEYS) {
    const row = rows.find((r) => r.key === key);
    const parsed = PARAM_SCHEMAS[key].safeParse({ ...DEFAULT_REPAIR_RULES[key].params, ...(row?.params ?? {}) });
    out[key] = {
      key,
      enabled: row?.enabled ?? DEFAULT_REPAIR_RULES[key].enabled,
      params: (parsed.success ? parsed.data : DEFAULT_REPAIR_RULES[key].params) as RepairRuleParams[typeof key],
      updatedBy: row?.updatedBy ?? null,
      updatedAt: row?.updatedAt ?? new Date(0),
    };
  }
  return out as RepairRules;
}

/** A rule's parameters, validated (ValidationError with the fields otherwise). */
export function checkRuleParams<K extends RepairRuleKey>(key: K, raw: unknown): RepairRuleParams[K] {
  const schema: z.ZodType = PARAM_SCHEMAS[key];
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ValidationError("invalid rule parameters", { fields: z.flattenError(parsed.error).fieldErrors });
  return parsed.data as RepairRuleParams[K];
}

/**
 * Switches a rule or changes its thresholds (finance/admin: recon.configure). Parameters are validated per
 * rule; the audit row keeps before and after.
 */
export async function updateRepairRule<K extends RepairRuleKey>(
  db: Db,
  actor: Actor,
  key: K,
  input: { enabled?: boolean; params?: Partial<RepairRuleParams[K]> },
  now: Date = new Date(),
): Promise<RepairRule<K>> {
  if (!holds(actor.role, "recon.configure")) throw new ForbiddenError("you may not change reconciliation rules");
  if (!REPAIR_RULE_KEYS.includes(key)) throw new ValidationError(`unknown rule ${String(key)}`);
  const before = (await loadRepairRules(db))[key];
  const params = checkRuleParams(key, { ...before.params, ...(input.params ?? {}) });
  const enabled = input.enabled ?? before.enabled;
  await db.transaction(async (tx) => {
    await tx.update(reconRules).set({ enabled, params, updatedBy: actor.label, updatedAt: now }).where(eq(reconRules.key, key));
    await writeAudit(tx, actor, {
      action: "recon_rule.update",
      entityType: "recon_rule",
      entityId: key,
      before: { enabled: before.enabled, params: before.params },
      after: { enabled, params },
    });
  });
  return { key, enabled, params, updatedBy: actor.label, updatedAt: now };
}

/**
 * RECON_WRITE_OFF_MAX ("0.10", major units) in minor units of `currency`: 10 for CNY, 0 for JPY (a currency
 * without that many decimals cannot write off a fraction of its smallest unit).
 */
export function envWriteOffMaxMinor(env: Pick<Env, "RECON_WRITE_OFF_MAX">, currency: string): number {
  const exp = currencyExponent(currency);
  const [whole, frac = ""] = env.RECON_WRITE_OFF_MAX.split(".");
  return parseMajorToMinor(exp === 0 ? whole! : `${whole}.${frac.slice(0, exp)}`, currency);
}

/** The write-off ceiling for an item of `currency`: the rule's own maxMinor, or RECON_WRITE_OFF_MAX. */
export function writeOffMaxMinor(rule: RepairRule<"write_off">, env: Pick<Env, "RECON_WRITE_OFF_MAX">, currency: string): number {
  return rule.params.maxMinor ?? envWriteOffMaxMinor(env, currency);
}
