"use client";

import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Pager } from "@/components/ui/pager";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { Table, Td, Th } from "@/components/ui/table";

export function AuditView() {
  const { t, dateTime, zoneLabel } = useI18n();
  const trpc = useTRPC();
  const [filter, setFilter] = useState<{ actor?: string; entityId?: string }>({});
  const [cursors, setCursors] = useState<{ createdAt: Date; id: number }[]>([]);
  const list = useQuery(trpc.audit.list.queryOptions({ ...filter, cursor: cursors[cursors.length - 1], limit: 50 }));
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setFilter({ actor: String(f.get("actor") || "") || undefined, entityId: String(f.get("entityId") || "") || undefined });
    setCursors([]);
  };
  const input = "rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-slate-300 ring-inset";
  return (
    <>
      <PageHeader title={t("audit.title")} />
      <Card>
        <form onSubmit={onSubmit} className="flex flex-wrap gap-2 border-b border-slate-100 p-3">
          <input name="actor" aria-label={t("audit.filter.actor")} placeholder={t("audit.filter.actor")} className={input} />
          <input name="entityId" aria-label={t("audit.filter.entityId")} placeholder={t("audit.filter.entityId")} className={input} />
          <Button type="submit" variant="primary">
            {t("orders.search")}
          </Button>
        </form>
        {list.isPending ? (
          <LoadingState />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <EmptyState title={t("audit.empty")} />
        ) : (
          <>
            <Table label={t("audit.title")}>
              <thead>
                <tr>
                  <Th>
                    {t("audit.col.time")} <span className="font-normal text-slate-400">({zoneLabel})</span>
                  </Th>
                  <Th>{t("audit.col.actor")}</Th>
                  <Th>{t("audit.col.action")}</Th>
                  <Th>{t("audit.col.entity")}</Th>
                  <Th>{t("audit.col.change")}</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 bg-white">
                {list.data.items.map((a) => (
                  <tr key={a.id}>
                    <Td className="tabular-nums">{dateTime(a.createdAt)}</Td>
                    <Td className="text-xs">{a.actorLabel}</Td>
                    <Td className="font-mono text-xs">{a.action}</Td>
                    <Td className="font-mono text-xs">
                      {a.entityType}:{a.entityId}
                    </Td>
                    <Td className="max-w-lg truncate font-mono text-[11px] text-slate-500" title={JSON.stringify(a.after)}>
                      {a.after !== null ? JSON.stringify(a.after) : "—"}
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <Pager
              firstLabel={t("common.first")}
              nextLabel={t("common.next")}
              onFirst={cursors.length > 0 ? () => setCursors([]) : undefined}
              onNext={list.data.nextCursor ? () => setCursors((c) => [...c, list.data.nextCursor!]) : undefined}
            />
          </>
        )}
      </Card>
    </>
  );
}
