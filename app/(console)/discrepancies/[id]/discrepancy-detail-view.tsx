"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { DiscrepancyTypeLabel, RiskBadge } from "@/components/discrepancies/risk-badge";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { DiscrepancyStatusBadge, RepairRuleBadge } from "@/components/recon/discrepancy-cells";
import { ReasonDialog } from "@/components/recon/reason-dialog";
import { OpenTicketButton } from "@/components/tickets/open-ticket-button";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { toast } from "@/components/ui/toast";
import type { AppRouter } from "@/server/api/root";

type Detail = inferRouterOutputs<AppRouter>["discrepancy"]["get"];

/** One labelled value; `differs` marks the fields where the two sides disagree. */
function Field({ label, children, differs = false }: { label: string; children: ReactNode; differs?: boolean }) {
  return (
    <div className={cx("flex items-baseline justify-between gap-3 rounded px-2 py-1", differs && "bg-rose-50 ring-1 ring-rose-200")}>
      <dt className={cx("text-xs", differs ? "text-slate-700" : "text-slate-500")}>{label}</dt>
      <dd className={cx("text-right text-sm text-slate-900 tabular-nums break-all", differs && "font-semibold text-rose-700")}>{children ?? "—"}</dd>
    </div>
  );
}

function OurBooks({ d }: { d: Detail }) {
  const { t, money, dateTime } = useI18n();
  const line = d.statementLine;
  const o = d.order;
  return (
    <Card title={t("disc.detail.ours")}>
      <div className="space-y-4 p-3">
        {o ? (
          <dl className="space-y-0.5">
            <Field label={t("disc.detail.orderNo")}>
              <Link href={`/orders/${encodeURIComponent(o.orderNo)}`} className="font-mono text-indigo-700 hover:underline">
                {o.orderNo}
              </Link>
            </Field>
            <Field label={t("disc.detail.orderStatus")} differs={d.discrepancy.type === "status_mismatch" || d.discrepancy.type === "missing_at_provider"}>
              {t(`status.${o.status}`)}
            </Field>
            <Field label={t("disc.detail.amount")} differs={line ? line.amountMinor !== o.amountMinor : d.discrepancy.type === "amount_mismatch"}>
              {money(o.amountMinor, o.currency)}
            </Field>
            <Field label={t("disc.detail.currency")} differs={line ? line.currency !== o.currency : d.discrepancy.type === "currency_mismatch"}>
              {o.currency}
            </Field>
            <Field label={t("disc.detail.transactionId")} differs={Boolean(line && o.providerTransactionId && line.providerTransactionId !== o.providerTransactionId)}>
              <span className="font-mono text-xs">{o.providerTransactionId ?? "—"}</span>
            </Field>
            <Field label={t("disc.detail.paidAt")}>{dateTime(o.paidAt)}</Field>
            <Field label={t("disc.detail.createdAt")}>{dateTime(o.createdAt)}</Field>
          </dl>
        ) : (
          <p className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">{t("disc.detail.noOrder")}</p>
        )}
        <section aria-label={t("disc.detail.payments")}>
          <h3 className="mb-1 text-xs font-semibold text-slate-700 uppercase">{t("disc.detail.payments")}</h3>
          {d.payments.length === 0 ? (
            <p className="text-xs text-slate-500">{t("disc.detail.none")}</p>
          ) : (
            <ul className="space-y-1 text-xs">
              {d.payments.map((p) => (
                <li key={p.id} className="flex justify-between gap-2">
                  <span className="font-mono">{p.providerTransactionId ?? "—"}</span>
                  <span>{p.providerStatus} · {p.result}</span>
                  <span className="text-slate-500 tabular-nums">{dateTime(p.createdAt)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-label={t("disc.detail.callbacks")}>
          <h3 className="mb-1 text-xs font-semibold text-slate-700 uppercase">{t("disc.detail.callbacks")}</h3>
          {d.callbacks.length === 0 ? (
            <p className="text-xs text-slate-500">{t("disc.detail.none")}</p>
          ) : (
            <ul className="space-y-1 text-xs">
              {d.callbacks.map((c) => (
                <li key={c.id} className="flex flex-wrap justify-between gap-2">
                  <span>
                    {c.source} · {c.providerStatus ?? "—"} · {c.outcome}
                  </span>
                  <span className="tabular-nums">{money(c.amountMinor, c.currency)}</span>
                  <span className="text-slate-500 tabular-nums">{dateTime(c.receivedAt)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-label={t("disc.detail.refunds")}>
          <h3 className="mb-1 text-xs font-semibold text-slate-700 uppercase">{t("disc.detail.refunds")}</h3>
          {d.refunds.length === 0 ? (
            <p className="text-xs text-slate-500">{t("disc.detail.none")}</p>
          ) : (
            <ul className="space-y-1 text-xs">
              {d.refunds.map((r) => (
                <li key={r.id} className="flex justify-between gap-2">
                  <span className="font-mono">{r.refundNo}</span>
                  <span>{r.status}</span>
                  <span className="tabular-nums">{money(r.amountMinor, r.currency)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </Card>
  );
}

function ProviderSide({ d }: { d: Detail }) {
  const { t, money, dateTime } = useI18n();
  const line = d.statementLine;
  const imp = d.statementImport;
  const o = d.order;
  const facts = Object.entries((d.discrepancy.providerFacts ?? {}) as Record<string, unknown>);
  return (
    <Card
      title={t("disc.detail.theirs")}
      actions={
        imp ? (
          <Link href={`/reconciliation?date=${imp.businessDate ?? ""}&provider=${imp.provider}`} className="text-xs text-indigo-700 hover:underline">
            {t("disc.detail.importLink", { id: imp.id, file: imp.fileName })}
          </Link>
        ) : null
      }
    >
      <div className="space-y-4 p-3">
        {line ? (
          <>
            <dl className="space-y-0.5">
              <Field label={t("disc.detail.lineNo")}>{line.lineNo}</Field>
              <Field label={t("disc.detail.orderNo")}>
                <span className="font-mono">{line.orderNo ?? "—"}</span>
              </Field>
              <Field label={t("disc.detail.lineStatus")} differs={d.discrepancy.type === "status_mismatch" || d.discrepancy.type === "missing_at_provider"}>
                {line.status}
              </Field>
              <Field label={t("disc.detail.amount")} differs={o ? line.amountMinor !== o.amountMinor : true}>
                {money(line.amountMinor, line.currency)}
              </Field>
              <Field label={t("disc.detail.currency")} differs={Boolean(o && line.currency !== o.currency)}>
                {line.currency}
              </Field>
              <Field label={t("disc.detail.transactionId")} differs={Boolean(o?.providerTransactionId && line.providerTransactionId !== o.providerTransactionId)}>
                <span className="font-mono text-xs">{line.providerTransactionId}</span>
              </Field>
              <Field label={t("disc.detail.fee")} differs={d.discrepancy.type === "fee_mismatch"}>
                {line.feeMinor === null ? "—" : money(line.feeMinor, line.currency)}
              </Field>
              <Field label={t("disc.detail.occurredAt")}>{dateTime(line.occurredAt)}</Field>
              <Field label={t("disc.detail.kind")}>{line.kind}</Field>
            </dl>
            {line.raw && (
              <details className="text-xs">
                <summary className="cursor-pointer text-slate-600">{t("disc.detail.rawLine")}</summary>
                <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
                  {Object.entries(line.raw).map(([k, v]) => (
                    <div key={k} className="contents">
                      <dt className="text-slate-500">{k}</dt>
                      <dd className="font-mono break-all">{v}</dd>
                    </div>
                  ))}
                </dl>
              </details>
            )}
          </>
        ) : (
          <>
            <p className="rounded-md bg-slate-50 px-3 py-2 text-xs text-slate-600">{d.discrepancy.statementImportId ? t("disc.detail.lineGone") : t("disc.detail.noStatement")}</p>
            {facts.length > 0 && (
              <dl className="space-y-0.5">
                {facts.map(([k, v]) => (
                  <Field key={k} label={k}>
                    <span className="font-mono text-xs">{typeof v === "string" || typeof v === "number" ? String(v) : JSON.stringify(v)}</span>
                  </Field>
                ))}
              </dl>
            )}
          </>
        )}
      </div>
    </Card>
  );
}

function Actions({ d, canTicket }: { d: Detail; canTicket: boolean }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const people = useQuery(trpc.discrepancy.assignees.queryOptions({}));
  const [assignee, setAssignee] = useState(d.discrepancy.assigneeId ?? "nobody");
  const after = async (changed: number) => {
    await queryClient.invalidateQueries(trpc.discrepancy.pathFilter());
    toast(changed > 0 ? { tone: "success", text: t("disc.detail.done") } : { tone: "error", text: t("disc.detail.alreadyClosed") });
  };
  const fail = (e: { message: string }) => toast({ tone: "error", text: t("disc.detail.failed", { message: e.message }) });
  const resolve = useMutation(trpc.discrepancy.resolve.mutationOptions({ onSuccess: (r) => after(r.changed), onError: fail }));
  const writeOff = useMutation(trpc.discrepancy.writeOff.mutationOptions({ onSuccess: (r) => after(r.changed), onError: fail }));
  const assign = useMutation(trpc.discrepancy.assign.mutationOptions({ onSuccess: () => after(1), onError: fail }));
  const open = d.discrepancy.status === "open" || d.discrepancy.status === "waiting";
  const ids = [d.discrepancy.id];
  return (
    <div className="flex flex-wrap items-center gap-2">
      {open && (
        <>
          <ReasonDialog label={t("disc.bulk.resolve")} variant="primary" title={t("disc.bulk.resolveTitle", { count: 1 })} onConfirm={(reason) => resolve.mutateAsync({ ids, reason })} />
          <ReasonDialog label={t("disc.bulk.writeOff")} title={t("disc.bulk.writeOffTitle", { count: 1 })} description={t("disc.detail.writeOffHint")} onConfirm={(reason) => writeOff.mutateAsync({ ids, reason })} />
          <label className="flex items-center gap-1 text-xs text-slate-600">
            {t("disc.bulk.assignTo")}
            <select value={assignee} onChange={(e) => setAssignee(e.target.value)} className="rounded-md border-0 py-1 pr-8 pl-2 text-sm ring-1 ring-slate-300 ring-inset">
              <option value="nobody">{t("disc.unassigned")}</option>
              {people.data?.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <Button size="sm" disabled={assign.isPending || assignee === (d.discrepancy.assigneeId ?? "nobody")} onClick={() => assign.mutate({ ids, assigneeId: assignee === "nobody" ? null : assignee })}>
            {t("disc.bulk.assign")}
          </Button>
        </>
      )}
      {canTicket && <OpenTicketButton kind="discrepancy" id={d.discrepancy.id} what={d.discrepancy.orderNo ?? d.discrepancy.providerTransactionId ?? String(d.discrepancy.id)} />}
    </div>
  );
}

/** /discrepancies/[id]: our books on the left, the provider's statement on the right, the difference highlighted. */
export function DiscrepancyDetailView({ id, canResolve, canTicket }: { id: number; canResolve: boolean; canTicket: boolean }) {
  const { t, money, dateTime } = useI18n();
  const trpc = useTRPC();
  const q = useQuery(trpc.discrepancy.get.queryOptions({ id }));
  if (q.isPending) return <LoadingState rows={8} />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const d = q.data;
  const x = d.discrepancy;
  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            <DiscrepancyTypeLabel type={x.type} />
            <RiskBadge risk={x.risk} />
            <DiscrepancyStatusBadge status={x.status} graceUntil={x.graceUntil} />
            <RepairRuleBadge rule={x.repairRule} />
          </span>
        }
        subtitle={t("disc.detail.subtitle", { id: x.id, provider: t(`provider.${x.provider}`), day: x.businessDate ?? "—", at: dateTime(x.detectedAt), source: t(`disc.source.${x.source}`) })}
        actions={
          <Link href="/discrepancies" className="text-sm text-indigo-700 hover:underline">
            {t("disc.detail.back")}
          </Link>
        }
      />
      <div className="mb-4 grid gap-3 sm:grid-cols-3" role="group" aria-label={t("disc.detail.difference")}>
        <div className="rounded-lg bg-white px-4 py-3 ring-1 ring-slate-200">
          <div className="text-xs text-slate-500">{t("disc.col.expected")}</div>
          <div className="text-lg font-semibold tabular-nums">{money(x.expectedAmountMinor, x.currency)}</div>
        </div>
        <div className="rounded-lg bg-white px-4 py-3 ring-1 ring-slate-200">
          <div className="text-xs text-slate-500">{t("disc.col.actual")}</div>
          <div className="text-lg font-semibold tabular-nums">{money(x.actualAmountMinor, x.currency)}</div>
        </div>
        <div className="rounded-lg bg-rose-50 px-4 py-3 ring-1 ring-rose-200">
          <div className="text-xs text-rose-700">{t("disc.col.difference")}</div>
          <div className="text-lg font-semibold text-rose-700 tabular-nums">{money(x.differenceMinor, x.currency)}</div>
        </div>
      </div>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-2 text-sm text-slate-600">
        <span>
          {t("disc.col.assignee")}: {x.assigneeEmail ?? t("disc.unassigned")}
          {x.resolution && ` · ${t("disc.detail.resolution")}: ${x.resolution}${x.resolvedByEmail ? ` (${x.resolvedByEmail}, ${dateTime(x.resolvedAt)})` : ""}`}
        </span>
        {canResolve && <Actions d={d} canTicket={canTicket} />}
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <OurBooks d={d} />
        <ProviderSide d={d} />
      </div>
      <div className="mt-4 grid gap-4 lg:grid-cols-2">
        <Card title={t("disc.detail.history")}>
          {d.history.length === 0 ? (
            <p className="p-3 text-xs text-slate-500">{t("disc.detail.noHistory")}</p>
          ) : (
            <ol className="divide-y divide-slate-100 text-sm">
              {d.history.map((h) => (
                <li key={h.id} className="flex flex-wrap justify-between gap-2 px-3 py-2">
                  <span>
                    <Badge>{h.action}</Badge> <span className="text-slate-600">{h.actorLabel}</span>
                    {h.after && typeof h.after === "object" && "reason" in h.after ? <span className="ml-1 text-slate-500">“{String((h.after as { reason: unknown }).reason)}”</span> : null}
                  </span>
                  <span className="text-xs text-slate-500 tabular-nums">{dateTime(h.createdAt)}</span>
                </li>
              ))}
            </ol>
          )}
        </Card>
        <Card title={t("disc.detail.tickets")}>
          {d.tickets.length === 0 ? (
            <p className="p-3 text-xs text-slate-500">{t("disc.detail.none")}</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {d.tickets.map((tk) => (
                <li key={tk.id} className="flex justify-between gap-2 px-3 py-2">
                  <Link href={`/tickets/${tk.id}`} className="text-indigo-700 hover:underline">
                    {tk.number} · {tk.subject}
                  </Link>
                  <span className="text-xs text-slate-500">{t(`tickets.status.${tk.status}`)}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
