"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import type { inferRouterOutputs } from "@trpc/server";
import { AuditAction, AuditChange } from "@/components/audit/audit-change";
import { OutcomeBadge, VerificationBadge } from "@/components/callbacks/outcome-badge";
import { RawPayload } from "@/components/callbacks/raw-payload";
import { DiscrepancyTypeLabel, RiskBadge } from "@/components/discrepancies/risk-badge";
import { useI18n } from "@/components/i18n/i18n-provider";
import { ReasonText } from "@/components/reasons/reason-text";
import { Badge } from "@/components/ui/badge";
import { cx } from "@/components/ui/cx";
import type { AppRouter } from "@/server/api/root";
import { formatDuration } from "@/lib/duration";

type Item = inferRouterOutputs<AppRouter>["order"]["get"]["timeline"][number];

const DOT: Record<Item["kind"], string> = {
  callback: "bg-sky-500",
  job_attempt: "bg-slate-400",
  discrepancy: "bg-violet-500",
  audit: "bg-slate-300",
};

export function Timeline({ items, canReveal = false }: { items: Item[]; canReveal?: boolean }) {
  return (
    <ol aria-label="timeline" className="relative px-4 py-3">
      {items.map((item, i) => (
        <li key={`${item.kind}-${i}`} className="relative flex gap-3 pb-4 last:pb-0">
          {i < items.length - 1 && <span aria-hidden className="absolute top-4 bottom-0 left-[5px] w-px bg-slate-200" />}
          <span aria-hidden className={cx("relative mt-1.5 h-[11px] w-[11px] shrink-0 rounded-full ring-4 ring-white", dotFor(item))} />
          <div className="min-w-0 flex-1">{render(item, canReveal)}</div>
        </li>
      ))}
    </ol>
  );
}

function dotFor(item: Item): string {
  if (item.kind === "callback" && ["rejected", "malformed", "error"].includes(item.callback.outcome)) return "bg-rose-500";
  if (item.kind === "callback" && item.callback.outcome === "applied") return "bg-emerald-500";
  if (item.kind === "job_attempt") return item.attempt.ok ? "bg-emerald-500" : "bg-rose-500";
  return DOT[item.kind];
}

function render(item: Item, canReveal: boolean): ReactNode {
  switch (item.kind) {
    case "callback":
      return <CallbackEntry c={item.callback} canReveal={canReveal} />;
    case "job_attempt":
      return <AttemptEntry job={item.job} a={item.attempt} />;
    case "discrepancy":
      return <DiscrepancyEntry d={item.discrepancy} />;
    case "audit":
      return <AuditEntry a={item.audit} />;
  }
}

function Head({ at, title, children }: { at: Date; title: ReactNode; children?: ReactNode }) {
  const { dateTime } = useI18n();
  return (
    <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
      <span className="font-medium text-slate-900">{title}</span>
      {children}
      <time dateTime={new Date(at).toISOString()} className="ml-auto text-xs text-slate-500 tabular-nums">
        {dateTime(at)}
      </time>
    </div>
  );
}

function Meta({ children }: { children: ReactNode }) {
  return <p className="mt-0.5 flex flex-wrap gap-x-4 gap-y-0.5 text-xs text-slate-600">{children}</p>;
}

export type CallbackItem = Extract<Item, { kind: "callback" }>["callback"];

export function CallbackEntry({ c, canReveal }: { c: CallbackItem; canReveal: boolean }) {
  const { t, money } = useI18n();
  return (
    <div>
      <Head at={c.receivedAt} title={`${t(`tl.callback.${c.source}`)} · ${t(`provider.${c.provider}`)}`}>
        <VerificationBadge verification={c.verification} />
        <OutcomeBadge outcome={c.outcome} />
      </Head>
      <Meta>
        {c.providerStatus && (
          <span>
            {t("tl.providerStatus")}: <span className="font-mono">{c.providerStatus}</span>
          </span>
        )}
        {c.amountMinor !== null && c.currency && <span className="tabular-nums">{money(c.amountMinor, c.currency)}</span>}
        {c.delayMs !== null && (
          <span>
            {t("tl.delay")}: {formatDuration(c.delayMs)}
          </span>
        )}
        {c.eventId && <span className="font-mono">{c.eventId}</span>}
        {c.requestId && <span className="font-mono text-slate-500">req {c.requestId}</span>}
      </Meta>
      {c.rejectReason && (
        <p className="mt-1 rounded bg-rose-50 px-2 py-1 text-xs text-rose-800">
          {t("tl.rejectReason")}: <ReasonText reason={c.rejectReasonCoded} raw={c.rejectReason} />
        </p>
      )}
      {c.outcomeDetail && (
        <p className="mt-1 text-xs text-slate-600">
          <ReasonText reason={c.outcomeDetailCoded} raw={c.outcomeDetail} currency={c.currency} />
        </p>
      )}
      <RawPayload message={c} canReveal={canReveal} />
    </div>
  );
}

function AttemptEntry({ job, a }: { job: Extract<Item, { kind: "job_attempt" }>["job"]; a: Extract<Item, { kind: "job_attempt" }>["attempt"] }) {
  const { t } = useI18n();
  const detail = (a.detail ?? {}) as { status?: number; httpStatus?: number };
  const http = detail.httpStatus ?? detail.status;
  return (
    <div>
      <Head
        at={a.startedAt}
        title={
          <>
            {job.type} · {t("tl.attempt", { n: a.attempt })}
          </>
        }
      >
        <Badge tone={a.ok ? "green" : a.ok === false ? "red" : "gray"}>{a.ok ? t("tl.ok") : a.ok === false ? t("tl.failed") : "…"}</Badge>
      </Head>
      <Meta>
        {http !== undefined && (
          <span>
            {t("tl.httpStatus")}: <span className="font-mono">{http}</span>
          </span>
        )}
        {a.durationMs !== null && (
          <span>
            {t("tl.duration")}: {formatDuration(a.durationMs)}
          </span>
        )}
        <Link href={`/jobs/${job.id}`} className="text-indigo-600 hover:underline">
          #{job.id}
        </Link>
      </Meta>
      {a.error && (
        <p className="mt-1 text-xs break-all text-rose-700">
          <ReasonText reason={a.errorCoded} raw={a.error} />
        </p>
      )}
    </div>
  );
}

function DiscrepancyEntry({ d }: { d: Extract<Item, { kind: "discrepancy" }>["discrepancy"] }) {
  const { t, money } = useI18n();
  return (
    <div>
      <Head
        at={d.detectedAt}
        title={
          <>
            {t("tl.discrepancy")}: <DiscrepancyTypeLabel type={d.type} />
          </>
        }
      >
        <RiskBadge risk={d.risk} />
        <Badge tone="gray">{d.status}</Badge>
      </Head>
      <Meta>
        <span>
          {t("disc.col.expected")}: {money(d.expectedAmountMinor, d.currency)}
        </span>
        <span>
          {t("disc.col.actual")}: {money(d.actualAmountMinor, d.currency)}
        </span>
      </Meta>
      {d.detailCoded && (
        <p className="mt-1 text-xs text-slate-700">
          <ReasonText reason={d.detailCoded} raw={null} />
        </p>
      )}
    </div>
  );
}

function AuditEntry({ a }: { a: Extract<Item, { kind: "audit" }>["audit"] }) {
  const { t } = useI18n();
  return (
    <div>
      <Head at={a.createdAt} title={<AuditAction action={a.action} />}>
        <span className="text-xs text-slate-500">
          {t("tl.by")} {a.actorLabel}
        </span>
      </Head>
      {(a.before !== null || a.after !== null) && <AuditChange action={a.action} before={a.before} after={a.after} className="mt-0.5" />}
    </div>
  );
}
