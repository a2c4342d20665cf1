"use client";

import type { ReactNode } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { ReasonText } from "@/components/reasons/reason-text";
import { cx } from "@/components/ui/cx";
import { asReason, isReasonCode, type Reason } from "@/lib/reasons";

export interface AuditChangeProps {
  /** e.g. "order.paid", "job.replay". */
  action: string;
  before: unknown;
  after: unknown;
  /** Also render the action as a sentence heading (off where the caller shows it already). */
  showAction?: boolean;
  className?: string;
}

type LooseT = ((key: string, vars?: Record<string, string | number>) => string) & { has?: (key: string) => boolean };
type Fields = Record<string, unknown>;

// Fields that only carry the coded form of a neighbour (rendered with it) or the money's currency.
const COMPANIONS = new Set(["code", "params", "reasonCoded", "lastErrorCoded", "detailCoded", "currency"]);

/** An audit row as people read it: the action, then each changed field as "label: before → after". */
export function AuditChange({ action, before, after, showAction = false, className }: AuditChangeProps) {
  const i18n = useI18n();
  const t = looseT(i18n);
  const b = asFields(before);
  const a = asFields(after);
  const names = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])].filter((k) => !COMPANIONS.has(k));
  const hasRaw = before != null || after != null;
  return (
    <div className={cx("text-xs text-slate-700", className)}>
      {showAction && <p className="font-medium text-slate-900">{auditActionLabel(action, t)}</p>}
      {names.length > 0 && (
        <ul className="mt-0.5 space-y-0.5">
          {names.map((name) => {
            const inBefore = b !== null && Object.hasOwn(b, name);
            const inAfter = a !== null && Object.hasOwn(a, name);
            return (
              <li key={name} className="break-words">
                <span className="text-slate-500">{label(t, `audit.field.${name}`, name)}：</span>
                {inBefore && <Value name={name} value={b![name]} row={b!} />}
                {inBefore && inAfter && <span className="px-1 text-slate-500">→</span>}
                {inAfter && <Value name={name} value={a![name]} row={a!} />}
              </li>
            );
          })}
        </ul>
      )}
      {hasRaw && (
        <details className="mt-0.5 text-[11px] text-slate-500">
          <summary className="cursor-pointer select-none text-slate-500 hover:text-slate-700">{label(t, "audit.ui.raw", "JSON")}</summary>
          <code className="mt-0.5 block font-mono break-all whitespace-pre-wrap text-slate-600">
            {before != null && JSON.stringify(before)}
            {before != null && after != null && " → "}
            {after != null && JSON.stringify(after)}
          </code>
        </details>
      )}
    </div>
  );
}

/** "order.paid" → "订单已支付"; an action without a sentence stays as stored. */
export function auditActionLabel(action: string, t: LooseT): string {
  return label(t, `audit.action.${action.replace(/\./g, "_")}`, action);
}

/** The action of an audit row as a sentence in the reader's language. */
export function AuditAction({ action }: { action: string }) {
  const t = looseT(useI18n());
  return <span title={action}>{auditActionLabel(action, t)}</span>;
}

function Value({ name, value, row }: { name: string; value: unknown; row: Fields }): ReactNode {
  const i18n = useI18n();
  const t = looseT(i18n);
  if (value === null || value === undefined) return <span className="text-slate-500">—</span>;
  // Coded reasons: order.needs_review carries reasonCoded beside reason; order.closed carries code + params.
  if (name === "reason" && typeof value === "string") {
    const coded = asReason(row.reasonCoded) ?? closeReasonOf(row);
    return <ReasonText reason={coded} raw={value} />;
  }
  if (name === "lastError" && typeof value === "string") return <ReasonText reason={asReason(row.lastErrorCoded)} raw={value} />;
  if (name === "detail" && typeof value === "string") return <ReasonText reason={asReason(row.detailCoded)} raw={value} />;
  if (name === "status" && typeof value === "string") return <span>{label(t, `status.${value}`, value)}</span>;
  if (/amountMinor$/i.test(name) && typeof value === "number") {
    const currency = typeof row.currency === "string" ? row.currency : null;
    return <span className="tabular-nums">{currency ? i18n.money(value, currency) : String(value)}</span>;
  }
  if ((/At$/.test(name) || name === "from" || name === "to") && typeof value === "string" && !Number.isNaN(Date.parse(value))) {
    return <time dateTime={value}>{i18n.dateTime(value)}</time>;
  }
  if (typeof value === "boolean") return <span>{label(t, value ? "common.yes" : "common.no", String(value))}</span>;
  if (typeof value === "object") return <span className="font-mono text-[11px]">{JSON.stringify(value)}</span>;
  return <span className="break-all">{String(value)}</span>;
}

/** order.closed rows store the close reason as { reason, code, params } (server/orders/close-order.ts). */
function closeReasonOf(row: Fields): Reason | null {
  const code = typeof row.code === "string" ? `order.${row.code}` : null;
  if (!code || !isReasonCode(code)) return null;
  const params = row.params && typeof row.params === "object" ? (row.params as Reason["params"]) : undefined;
  return asReason({ code, params });
}

/** The facade's t for keys built from data (field names, actions), with its has() for a quiet fallback. */
function looseT(i18n: ReturnType<typeof useI18n>): LooseT {
  return Object.assign((key: string, vars?: Record<string, string | number>) => (i18n.t as unknown as LooseT)(key, vars), { has: i18n.has });
}

function asFields(v: unknown): Fields | null {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Fields) : null;
}

function label(t: LooseT, key: string, fallback: string): string {
  // A label looked up from data may not exist; asking first keeps next-intl from logging a missing message.
  if (t.has && !t.has(key)) return fallback;
  try {
    const text = t(key);
    return !text || text === key || text.endsWith(key) ? fallback : text;
  } catch {
    return fallback;
  }
}
