"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import type { inferRouterOutputs } from "@trpc/server";
import { useMemo, useState, type FormEvent } from "react";
import { AuditAction, AuditChange } from "@/components/audit/audit-change";
import { DataTable } from "@/components/data-table/data-table";
import { timeColumn } from "@/components/data-table/time-column";
import { useKeysetPaging } from "@/components/data-table/use-keyset-paging";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import type { AppRouter } from "@/server/api/root";
import { auditInput } from "./audit-input";

type AuditRow = inferRouterOutputs<AppRouter>["audit"]["list"]["items"][number];
type I18n = ReturnType<typeof useI18n>;

function auditActionCell(a: AuditRow) {
  return <AuditAction action={a.action} />;
}

function auditEntityCell(a: AuditRow) {
  return (
    <span className="font-mono text-xs">
      {a.entityType}:{a.entityId}
    </span>
  );
}

function auditChangeCell(a: AuditRow) {
  return <AuditChange action={a.action} before={a.before} after={a.after} />;
}

function auditColumns({ t, dateTime, zoneLabel }: I18n): ColumnDef<AuditRow>[] {
  return [
    timeColumn<AuditRow>({ id: "time", label: t("audit.col.time"), zoneLabel, dateTime, at: (a) => a.createdAt, className: "align-top" }),
    { id: "actor", header: t("audit.col.actor"), meta: { className: "text-xs align-top" }, cell: ({ row }) => row.original.actorLabel },
    { id: "action", header: t("audit.col.action"), meta: { className: "align-top" }, cell: ({ row }) => auditActionCell(row.original) },
    { id: "entity", header: t("audit.col.entity"), meta: { className: "align-top" }, cell: ({ row }) => auditEntityCell(row.original) },
    { id: "change", header: t("audit.col.change"), meta: { className: "max-w-lg whitespace-normal" }, cell: ({ row }) => auditChangeCell(row.original) },
  ];
}

export function AuditView() {
  const i18n = useI18n();
  const { t } = i18n;
  const trpc = useTRPC();
  const [filter, setFilter] = useState<{ actor?: string; entityId?: string }>({});
  const paging = useKeysetPaging(JSON.stringify(filter));
  const list = useQuery({ ...trpc.audit.list.queryOptions(auditInput({ ...filter, cursor: paging.cursor })), placeholderData: keepPreviousData });
  const columns = useMemo(() => auditColumns(i18n), [i18n]);
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setFilter({ actor: String(f.get("actor") ?? "").trim() || undefined, entityId: String(f.get("entityId") ?? "").trim() || undefined });
  };
  const input = "rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-slate-300 ring-inset";
  return (
    <>
      <PageHeader title={t("audit.title")} />
      <Card>
        <form onSubmit={onSubmit} className="flex flex-wrap gap-2 border-b border-slate-100 p-3">
          <input name="actor" type="search" aria-label={t("audit.filter.actor")} placeholder={t("audit.filter.actor")} className={input} />
          <input name="entityId" type="search" aria-label={t("audit.filter.entityId")} placeholder={t("audit.filter.entityId")} className={input} />
          <Button type="submit" variant="primary">
            {t("orders.search")}
          </Button>
        </form>
        <DataTable
          label={t("audit.title")}
          query={list}
          rows={list.data?.items}
          columns={columns}
          getRowId={(a) => String(a.id)}
          empty={{ title: t("audit.empty") }}
          paging={{ state: paging, nextCursor: list.isPlaceholderData ? null : list.data?.nextCursor }}
        />
      </Card>
    </>
  );
}
