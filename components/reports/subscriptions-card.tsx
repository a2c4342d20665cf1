"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { toast } from "@/components/ui/toast";
import { REPORT_KINDS, type ReportKind } from "@/lib/reports";
import type { MessageKey } from "@/lib/i18n/messages";

/** Who gets which report by e-mail: a manager ticks their own boxes, an admin anyone's. */
export function SubscriptionsCard() {
  const { t, has } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const subs = useQuery(trpc.report.subscriptions.queryOptions({}));
  const done = (on: boolean, kind: ReportKind, name: string) => () => {
    toast({ tone: "success", text: t(on ? "reports.subs.on" : "reports.subs.off", { kind: t(`reports.kind.${kind}`), name }) });
    void queryClient.invalidateQueries(trpc.report.subscriptions.pathFilter());
  };
  const subscribe = useMutation(trpc.report.subscribe.mutationOptions());
  const unsubscribe = useMutation(trpc.report.unsubscribe.mutationOptions());
  const toggle = (userId: string, name: string, kind: ReportKind, on: boolean) =>
    (on ? subscribe : unsubscribe).mutate({ userId, kind }, { onSuccess: done(on, kind, name), onError: () => toast({ tone: "error", text: t("reports.subs.failed") }) });
  return (
    <Card title={t("reports.subs.title")}>
      <p className="px-4 pt-3 text-sm text-slate-500">{t("reports.subs.hint")}</p>
      {subs.isPending ? (
        <LoadingState rows={3} />
      ) : subs.isError ? (
        <ErrorState error={subs.error} onRetry={() => void subs.refetch()} />
      ) : subs.data.people.length === 0 ? (
        <EmptyState title={t("reports.subs.empty")} />
      ) : (
        <table className="mt-2 w-full text-sm">
          <thead>
            <tr className="border-b border-slate-100 text-left text-xs text-slate-500">
              <th className="px-4 py-2 font-medium">{t("reports.subs.person")}</th>
              <th className="px-4 py-2 font-medium">{t("reports.subs.role")}</th>
              {REPORT_KINDS.map((k) => (
                <th key={k} className="px-4 py-2 text-center font-medium">
                  {t(`reports.kind.${k}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {subs.data.people.map((p) => {
              const mayEdit = subs.data.isAdmin || p.userId === subs.data.me;
              return (
                <tr key={p.userId} className="border-b border-slate-50">
                  <td className="px-4 py-2">
                    <div className="font-medium text-slate-800">{p.name}</div>
                    <div className="text-xs text-slate-500">{p.email}</div>
                  </td>
                  <td className="px-4 py-2 text-slate-600">{has(`role.${p.role}`) ? t(`role.${p.role}` as MessageKey) : p.role}</td>
                  {REPORT_KINDS.map((k) => (
                    <td key={k} className="px-4 py-2 text-center">
                      <input
                        type="checkbox"
                        className="size-4 accent-indigo-600"
                        aria-label={`${p.name}: ${t("reports.subs.subscribe", { kind: t(`reports.kind.${k}`) })}`}
                        checked={p.kinds.includes(k)}
                        disabled={!mayEdit || subscribe.isPending || unsubscribe.isPending}
                        onChange={(e) => toggle(p.userId, p.name, k, e.target.checked)}
                      />
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Card>
  );
}
