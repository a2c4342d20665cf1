"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { Table, Td, Th } from "@/components/ui/table";
import { TicketPriorityBadge, TicketStatusBadge } from "./ticket-badges";

/** The order page's "Tickets": every ticket about this order, newest first. */
export function OrderTickets({ orderNo }: { orderNo: string }) {
  const { t, dateTime } = useI18n();
  const trpc = useTRPC();
  const q = useQuery(trpc.ticket.forOrder.queryOptions({ orderNo }));
  return (
    <Card title={t("tickets.order.title")} className="mt-4">
      {q.isPending ? (
        <LoadingState rows={2} />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.length === 0 ? (
        <EmptyState title={t("tickets.order.empty")} />
      ) : (
        <Table label={t("tickets.order.title")}>
          <thead>
            <tr>
              <Th>{t("tickets.list.col.ticket")}</Th>
              <Th>{t("tickets.list.col.status")}</Th>
              <Th>{t("tickets.list.col.priority")}</Th>
              <Th>{t("tickets.list.col.source")}</Th>
              <Th>{t("tickets.list.col.assignee")}</Th>
              <Th>{t("tickets.list.col.created")}</Th>
            </tr>
          </thead>
          <tbody>
            {q.data.map((tk) => (
              <tr key={tk.id}>
                <Td>
                  <Link href={`/tickets/${tk.id}`} className="font-medium text-indigo-700 hover:underline">
                    {tk.number}
                  </Link>
                  <span className="ml-2 text-slate-600">{tk.subject}</span>
                </Td>
                <Td><TicketStatusBadge status={tk.status} /></Td>
                <Td><TicketPriorityBadge priority={tk.priority} /></Td>
                <Td>{t(`tickets.source.${tk.source}`)}</Td>
                <Td>{tk.assignee ?? "—"}</Td>
                <Td className="tabular-nums">{dateTime(tk.createdAt)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
