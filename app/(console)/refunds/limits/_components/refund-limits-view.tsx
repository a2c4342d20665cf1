"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState, type FormEvent } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { Table, Td, Th } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { minorToMajorString, parseMajorToMinor } from "@/lib/money";
import type { AppRouter } from "@/server/api/root";

type LimitRow = inferRouterOutputs<AppRouter>["refund"]["limits"][number];
const input = "w-32 rounded-md border-0 px-2 py-1 text-right text-sm tabular-nums ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600";

/** "" = unlimited; otherwise yuan with up to two decimals. undefined = not a valid amount. */
function parse(text: string, currency: string): number | null | undefined {
  if (text.trim() === "") return null;
  try {
    const v = parseMajorToMinor(text, currency);
    return v >= 0 ? v : undefined;
  } catch {
    return undefined;
  }
}

export function RefundLimitsView() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const q = useQuery(trpc.refund.limits.queryOptions());
  return (
    <>
      <PageHeader title={t("refunds.limits.title")} subtitle={t("refunds.limits.subtitle")} />
      <Card>
        {q.isPending ? (
          <LoadingState rows={4} />
        ) : q.isError ? (
          <ErrorState error={q.error} onRetry={() => void q.refetch()} />
        ) : (
          <Table label={t("refunds.limits.title")}>
            <thead>
              <tr>
                <Th>{t("refunds.limits.role")}</Th>
                <Th className="text-right">{t("refunds.limits.single")}</Th>
                <Th className="text-right">{t("refunds.limits.daily")}</Th>
                <Th>{t("refunds.limits.updated")}</Th>
                <Th />
              </tr>
            </thead>
            <tbody>
              {q.data.map((row) => (
                <LimitEditor key={`${row.role}:${String(row.updatedAt)}`} row={row} />
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}

function LimitEditor({ row }: { row: LimitRow }) {
  const { t, dateTime } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const show = (v: number | null) => (v === null ? "" : minorToMajorString(v, row.currency));
  const [single, setSingle] = useState(show(row.singleMaxMinor));
  const [daily, setDaily] = useState(show(row.dailyMaxMinor));
  const save = useMutation(
    trpc.refund.setLimit.mutationOptions({
      onSuccess: async () => {
        toast({ tone: "success", text: t("refunds.limits.saved", { role: t(`role.${row.role}`) }) });
        await queryClient.invalidateQueries({ queryKey: trpc.refund.pathKey() });
      },
      onError: (e) => toast({ tone: "error", text: e.message }),
    }),
  );
  const s = parse(single, row.currency);
  const d = parse(daily, row.currency);
  const valid = s !== undefined && d !== undefined;
  const formId = `limit-${row.role}`;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (s === undefined || d === undefined) return;
    save.mutate({ role: row.role, singleMaxMinor: s, dailyMaxMinor: d });
  };
  const roleName = t(`role.${row.role}`);
  return (
    <tr>
      <Td className="font-medium">{roleName}</Td>
      {row.mayRefund ? (
        <>
          <Td className="text-right">
            <input form={formId} className={input} inputMode="decimal" aria-label={`${roleName} ${t("refunds.limits.single")}`} placeholder={t("refunds.action.unlimited")} value={single} onChange={(e) => setSingle(e.target.value)} aria-invalid={s === undefined} />
          </Td>
          <Td className="text-right">
            <input form={formId} className={input} inputMode="decimal" aria-label={`${roleName} ${t("refunds.limits.daily")}`} placeholder={t("refunds.action.unlimited")} value={daily} onChange={(e) => setDaily(e.target.value)} aria-invalid={d === undefined} />
          </Td>
          <Td className="text-xs text-slate-500">{row.updatedBy ? `${row.updatedBy} · ${dateTime(row.updatedAt)}` : "—"}</Td>
          <Td>
            <form id={formId} onSubmit={submit} className="flex items-center gap-2">
              <Button type="submit" size="sm" disabled={!valid || save.isPending} aria-label={`${t("refunds.limits.save")} ${roleName}`}>
                {t("refunds.limits.save")}
              </Button>
              {!valid && <span className="text-xs text-rose-700">{t("refunds.limits.invalid")}</span>}
            </form>
          </Td>
        </>
      ) : (
        <Td colSpan={4} className="text-sm text-slate-500">
          {t("refunds.limits.noRefund")}
        </Td>
      )}
    </tr>
  );
}
