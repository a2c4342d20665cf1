"use client";

import { useQuery } from "@tanstack/react-query";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { OrderRefunds } from "@/components/refunds/refund-list";
import { ScriptPicker } from "@/components/scripts/script-picker";
import { OrderTickets } from "@/components/tickets/order-tickets";
import { Badge } from "@/components/ui/badge";
import { ErrorState, LoadingState } from "@/components/ui/states";

/** Opened on demand: the order's provider notifications (payments) and its tickets, from the order page's own query. */
export function OrderDetails({ orderNo }: { orderNo: string }) {
  const { t, dateTime, money } = useI18n();
  const trpc = useTRPC();
  const q = useQuery(trpc.order.get.queryOptions({ orderNo }));
  if (q.isPending) return <LoadingState rows={2} />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const { callbacks } = q.data;
  return (
    <div className="space-y-3 bg-slate-50 px-4 py-3">
      <div>
        <h4 className="mb-1 text-xs font-semibold text-slate-600">{t("customers.order.callbacks")}</h4>
        {callbacks.length === 0 ? (
          <p className="text-xs text-slate-500">{t("customers.order.noCallbacks")}</p>
        ) : (
          <ul className="space-y-1 text-xs">
            {callbacks.map((c) => (
              <li key={c.id} className="flex flex-wrap items-center gap-2">
                <span className="tabular-nums text-slate-600">{dateTime(c.receivedAt)}</span>
                <Badge tone={c.outcome === "applied" ? "green" : c.outcome === "rejected" || c.outcome === "error" ? "red" : "gray"}>{t(`outcome.${c.outcome}`)}</Badge>
                <span className="text-slate-700">{c.providerStatus ?? "—"}</span>
                {c.amountMinor !== null && c.currency && <span className="tabular-nums">{money(c.amountMinor, c.currency)}</span>}
                <span className="font-mono text-slate-500">{c.providerTransactionId ?? ""}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <OrderTickets orderNo={orderNo} />
      <OrderRefunds orderNo={orderNo} />
      <div className="rounded-lg bg-white ring-1 ring-slate-200">
        <h4 className="border-b border-slate-100 px-4 py-2 text-xs font-semibold text-slate-600">{t("customers.actions.scripts")}</h4>
        <ScriptPicker orderNo={orderNo} />
      </div>
    </div>
  );
}
