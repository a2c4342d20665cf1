"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useRef, useState } from "react";
import { useRowKeys } from "@/components/data-table/use-row-keys";
import type { BulkAction } from "@/components/data-table/bulk-action-bar";
import { DataTable } from "@/components/data-table/data-table";
import { useKeysetPaging } from "@/components/data-table/use-keyset-paging";
import { DiscrepancyTypeLabel, RiskBadge } from "@/components/discrepancies/risk-badge";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { DiscrepancyStatusBadge, RepairRuleBadge } from "@/components/recon/discrepancy-cells";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { DISCREPANCY_STATUSES, DISCREPANCY_TYPES, PROVIDERS, RISK_LEVELS } from "@/lib/enums";
import type { AppRouter } from "@/server/api/root";
import { discrepanciesInput, exportHref, filtersToParams, type WorkbenchFilters } from "./discrepancies-input";

type Row = inferRouterOutputs<AppRouter>["discrepancy"]["list"]["items"][number];
type I18n = ReturnType<typeof useI18n>;

const field = "rounded-md border-0 py-1.5 pl-2 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600";
const select = `${field} pr-8`;

function columns({ t, money, dateTime }: I18n): ColumnDef<Row>[] {
  const amount = { headerClassName: "text-right", className: "text-right tabular-nums" };
  return [
    { id: "risk", header: t("disc.col.risk"), cell: ({ row }) => <RiskBadge risk={row.original.risk} /> },
    {
      id: "type",
      header: t("disc.col.type"),
      cell: ({ row }) => (
        <Link href={`/discrepancies/${row.original.id}`} className="font-medium text-indigo-700 hover:underline">
          <DiscrepancyTypeLabel type={row.original.type} />
        </Link>
      ),
    },
    { id: "provider", header: t("disc.col.provider"), cell: ({ row }) => t(`provider.${row.original.provider}`) },
    {
      id: "ref",
      header: t("disc.col.ref"),
      cell: ({ row }) => (
        <div className="flex flex-col font-mono text-xs">
          {row.original.orderNo ? (
            <Link href={`/orders/${encodeURIComponent(row.original.orderNo)}`} className="text-indigo-700 hover:underline">
              {row.original.orderNo}
            </Link>
          ) : (
            <span className="text-slate-500">{t("disc.noOrder")}</span>
          )}
          <span className="text-slate-500">{row.original.providerTransactionId ?? "—"}</span>
        </div>
      ),
    },
    { id: "ours", header: t("disc.col.expected"), meta: amount, cell: ({ row }) => money(row.original.expectedAmountMinor, row.original.currency) },
    { id: "theirs", header: t("disc.col.actual"), meta: amount, cell: ({ row }) => money(row.original.actualAmountMinor, row.original.currency) },
    {
      id: "difference",
      header: t("disc.col.difference"),
      meta: amount,
      cell: ({ row }) => <span className="font-medium text-rose-700">{money(row.original.differenceMinor, row.original.currency)}</span>,
    },
    {
      id: "status",
      header: t("disc.col.status"),
      cell: ({ row }) => (
        <div className="flex flex-col items-start gap-1">
          <DiscrepancyStatusBadge status={row.original.status} graceUntil={row.original.graceUntil} />
          <RepairRuleBadge rule={row.original.repairRule} />
        </div>
      ),
    },
    { id: "assignee", header: t("disc.col.assignee"), cell: ({ row }) => row.original.assigneeEmail ?? <span className="text-slate-500">{t("disc.unassigned")}</span> },
    {
      id: "day",
      header: t("disc.col.day"),
      meta: { className: "tabular-nums text-xs" },
      cell: ({ row }) => (
        <div className="flex flex-col">
          <span>{row.original.businessDate ?? "—"}</span>
          <span className="text-slate-500">{dateTime(row.original.detectedAt)}</span>
        </div>
      ),
    },
  ];
}

/** Resolve / write off need a reason; assign needs a person (or nobody). */
interface Pending {
  reason: string;
  assignee: string;
}

interface PendingStore {
  get: () => Pending;
  set: (patch: Partial<Pending>) => void;
}

function useBulkActions(pending: PendingStore, done: () => Promise<unknown>): BulkAction<Row>[] {
  const { t } = useI18n();
  const trpc = useTRPC();
  const resolve = useMutation(trpc.discrepancy.resolve.mutationOptions());
  const writeOff = useMutation(trpc.discrepancy.writeOff.mutationOptions());
  const assign = useMutation(trpc.discrepancy.assign.mutationOptions());
  const openTicket = useMutation(trpc.ticket.openFrom.mutationOptions());
  const reasonField = (label: string) => <ReasonField label={label} pending={pending} />;
  const needReason = () => {
    const reason = pending.get().reason.trim();
    if (reason.length < 3) throw new Error(t("disc.bulk.reasonRequired"));
    return reason;
  };
  const summary = (ids: string[], changed: number) => {
    pending.set({ reason: "" });
    return t("disc.bulk.done", { changed, skipped: ids.length - changed });
  };
  return [
    {
      id: "resolve",
      label: (n) => `${t("disc.bulk.resolve")} (${n})`,
      confirm: (n) => ({ title: t("disc.bulk.resolveTitle", { count: n }), body: reasonField(t("disc.bulk.reason")), confirmLabel: t("disc.bulk.resolve") }),
      run: async (ids) => {
        const r = await resolve.mutateAsync({ ids: ids.map(Number), reason: needReason() });
        await done();
        return summary(ids, r.changed);
      },
    },
    {
      id: "writeOff",
      label: (n) => `${t("disc.bulk.writeOff")} (${n})`,
      variant: "secondary",
      confirm: (n) => ({ title: t("disc.bulk.writeOffTitle", { count: n }), body: reasonField(t("disc.bulk.reason")), confirmLabel: t("disc.bulk.writeOff") }),
      run: async (ids) => {
        const r = await writeOff.mutateAsync({ ids: ids.map(Number), reason: needReason() });
        await done();
        return summary(ids, r.changed);
      },
    },
    {
      id: "assign",
      label: (n) => `${t("disc.bulk.assign")} (${n})`,
      variant: "secondary",
      confirm: (n) => ({ title: t("disc.bulk.assignTitle", { count: n }), body: <AssigneeField pending={pending} />, confirmLabel: t("disc.bulk.assign") }),
      run: async (ids) => {
        const who = pending.get().assignee;
        const r = await assign.mutateAsync({ ids: ids.map(Number), assigneeId: who === "nobody" || who === "" ? null : who });
        await done();
        return summary(ids, r.changed);
      },
    },
    {
      id: "ticket",
      label: (n) => `${t("disc.bulk.ticket")} (${n})`,
      variant: "secondary",
      run: async (ids, rows) => {
        const opened: string[] = [];
        for (const row of rows) {
          const r = await openTicket.mutateAsync({ kind: "discrepancy", id: row.id, subject: t("tickets.openFrom.discrepancySubject", { orderNo: row.orderNo ?? row.providerTransactionId ?? String(row.id) }) });
          opened.push(r.number);
        }
        await done();
        return t("disc.bulk.ticketsOpened", { count: ids.length, numbers: opened.join(", ") });
      },
    },
  ];
}

function ReasonField({ label, pending }: { label: string; pending: PendingStore }) {
  const [value, setValue] = useState(pending.get().reason);
  return (
    <label className="mt-2 flex flex-col gap-1 text-sm text-slate-700">
      {label}
      <textarea
        autoFocus
        rows={3}
        maxLength={500}
        value={value}
        onChange={(e) => {
          setValue(e.target.value);
          pending.set({ reason: e.target.value });
        }}
        className={cx(field, "w-full")}
      />
    </label>
  );
}

function AssigneeField({ pending }: { pending: PendingStore }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const people = useQuery(trpc.discrepancy.assignees.queryOptions({}));
  const [value, setValue] = useState(pending.get().assignee);
  return (
    <label className="mt-2 flex flex-col gap-1 text-sm text-slate-700">
      {t("disc.bulk.assignTo")}
      <select
        autoFocus
        value={value}
        onChange={(e) => {
          setValue(e.target.value);
          pending.set({ assignee: e.target.value });
        }}
        className={select}
      >
        <option value="nobody">{t("disc.unassigned")}</option>
        {people.data?.map((p) => (
          <option key={p.id} value={p.id}>{`${p.name} <${p.email}>`}</option>
        ))}
      </select>
    </label>
  );
}

/**
 * /discrepancies: the reconciliation workbench. Filters in the URL, the list by priority (riskiest, then most
 * at stake), selection → resolve / write off / assign with a reason, open tickets, export what is shown.
 * j / k move the highlighted row, Enter opens it.
 */
const discrepancyHref = (r: { id: number }) => `/discrepancies/${r.id}`;

export function DiscrepanciesView({ initial, canResolve, canExport }: { initial: WorkbenchFilters; canResolve: boolean; canExport: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [filters, setFilters] = useState<WorkbenchFilters>(initial);
  const [draftQ, setDraftQ] = useState(initial.q ?? "");
  const pendingRef = useRef<Pending>({ reason: "", assignee: "nobody" });
  const pending: PendingStore = {
    get: () => pendingRef.current,
    set: (patch) => {
      pendingRef.current = { ...pendingRef.current, ...patch };
    },
  };
  const resetKey = JSON.stringify(filters);
  const paging = useKeysetPaging(resetKey);
  const list = useQuery({ ...trpc.discrepancy.list.queryOptions(discrepanciesInput(filters, paging.cursor)), placeholderData: keepPreviousData });
  const cols = useMemo(() => columns(i18n), [i18n]);
  const refresh = () => queryClient.invalidateQueries(trpc.discrepancy.pathFilter());
  const bulk = useBulkActions(pending, refresh);
  const rows = list.isPlaceholderData ? undefined : list.data?.items;

  const set = (next: Partial<WorkbenchFilters>) => {
    const merged = { ...filters, ...next };
    setFilters(merged);
    resetActive();
    const qs = filtersToParams(merged).toString();
    router.replace(qs ? `/discrepancies?${qs}` : "/discrepancies", { scroll: false });
  };

  const { activeId, resetActive } = useRowKeys(rows, discrepancyHref);
  const any = `: ${t("disc.filter.any")}`;
  return (
    <>
      <PageHeader
        title={t("disc.title")}
        subtitle={t("disc.subtitle")}
        actions={
          <div className="flex flex-wrap items-center gap-2">
            <Link href="/reconciliation" className="text-sm text-indigo-700 hover:underline">
              {t("recon.title")}
            </Link>
            {canExport && (
              <>
                <a href={exportHref(filters, "csv")} download className="rounded-md bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-xs ring-1 ring-slate-300 ring-inset hover:bg-slate-50">
                  {t("disc.export.csv")}
                </a>
                <a href={exportHref(filters, "xlsx")} download className="rounded-md bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-xs ring-1 ring-slate-300 ring-inset hover:bg-slate-50">
                  {t("disc.export.xlsx")}
                </a>
              </>
            )}
          </div>
        }
      />
      <div role="group" aria-label={t("disc.filter.risk")} className="mb-3 flex flex-wrap gap-1">
        {([undefined, ...RISK_LEVELS] as const).map((r) => (
          <Button key={r ?? "all"} size="sm" variant={filters.risk === r ? "primary" : "secondary"} aria-pressed={filters.risk === r} onClick={() => set({ risk: r })}>
            {r ? t(`risk.${r}`) : t("disc.filter.allRisks")}
          </Button>
        ))}
      </div>
      <form
        className="mb-3 flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          set({ q: draftQ.trim() || undefined });
        }}
      >
        <select aria-label={t("disc.filter.status")} value={filters.status} onChange={(e) => set({ status: e.target.value as WorkbenchFilters["status"] })} className={select}>
          {DISCREPANCY_STATUSES.map((s) => (
            <option key={s} value={s}>{`${t("disc.filter.status")}: ${t(`disc.status.${s}`)}`}</option>
          ))}
          <option value="all">{`${t("disc.filter.status")}${any}`}</option>
        </select>
        <select aria-label={t("disc.filter.type")} value={filters.type ?? ""} onChange={(e) => set({ type: (e.target.value || undefined) as WorkbenchFilters["type"] })} className={select}>
          <option value="">{`${t("disc.filter.type")}${any}`}</option>
          {DISCREPANCY_TYPES.map((s) => (
            <option key={s} value={s}>{t(`disc.type.${s}`)}</option>
          ))}
        </select>
        <select aria-label={t("disc.filter.provider")} value={filters.provider ?? ""} onChange={(e) => set({ provider: (e.target.value || undefined) as WorkbenchFilters["provider"] })} className={select}>
          <option value="">{`${t("disc.filter.provider")}${any}`}</option>
          {PROVIDERS.map((p) => (
            <option key={p} value={p}>{t(`provider.${p}`)}</option>
          ))}
        </select>
        <select aria-label={t("disc.filter.assignee")} value={filters.assignee && filters.assignee !== "me" && filters.assignee !== "nobody" ? "me" : (filters.assignee ?? "")} onChange={(e) => set({ assignee: e.target.value || undefined })} className={select}>
          <option value="">{`${t("disc.filter.assignee")}${any}`}</option>
          <option value="me">{t("disc.filter.mine")}</option>
          <option value="nobody">{t("disc.unassigned")}</option>
        </select>
        <label className="flex items-center gap-1 text-xs text-slate-600">
          {t("disc.filter.from")}
          <input type="date" value={filters.dateFrom ?? ""} onChange={(e) => set({ dateFrom: e.target.value || undefined })} className={field} />
        </label>
        <label className="flex items-center gap-1 text-xs text-slate-600">
          {t("disc.filter.to")}
          <input type="date" value={filters.dateTo ?? ""} onChange={(e) => set({ dateTo: e.target.value || undefined })} className={field} />
        </label>
        <label className="flex items-center gap-1 text-xs text-slate-600">
          {t("disc.filter.amountMin")}
          <input inputMode="decimal" size={7} defaultValue={filters.amountMin ?? ""} onBlur={(e) => set({ amountMin: /^\d+(\.\d{1,2})?$/.test(e.target.value) ? e.target.value : undefined })} className={field} />
        </label>
        <label className="flex items-center gap-1 text-xs text-slate-600">
          {t("disc.filter.amountMax")}
          <input inputMode="decimal" size={7} defaultValue={filters.amountMax ?? ""} onBlur={(e) => set({ amountMax: /^\d+(\.\d{1,2})?$/.test(e.target.value) ? e.target.value : undefined })} className={field} />
        </label>
        <input type="search" aria-label={t("disc.filter.search")} placeholder={t("disc.filter.search")} value={draftQ} onChange={(e) => setDraftQ(e.target.value)} className={cx(field, "w-56")} />
        <Button type="submit" size="sm">{t("disc.filter.apply")}</Button>
      </form>
      <Card>
        <DataTable
          label={t("disc.title")}
          query={list}
          rows={rows}
          columns={cols}
          getRowId={(d) => String(d.id)}
          empty={{ title: filters.status === "open" ? t("disc.empty") : t("disc.emptyFiltered") }}
          paging={{ state: paging, nextCursor: list.isPlaceholderData ? null : list.data?.nextCursor }}
          selection={canResolve ? { actions: bulk, rowLabel: (d) => d.orderNo ?? d.providerTransactionId ?? `#${d.id}`, resetKey } : undefined}
          rowClassName={(d) => cx(d.id === activeId && "outline-2 -outline-offset-2 outline-indigo-400")}
        />
      </Card>
      <p className="mt-2 text-xs text-slate-500">{t("disc.shortcuts")}</p>
    </>
  );
}
