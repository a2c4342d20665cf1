"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { Table, Td, Th } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";

const field = "block rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600";

export function OptOutsPanel({ canManage }: { canManage: boolean }) {
  const { t, dateTime, zoneLabel } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const q = useQuery(trpc.userNotice.optOutList.queryOptions());
  const [userId, setUserId] = useState("");
  const [phone, setPhone] = useState("");
  const refresh = () => queryClient.invalidateQueries(trpc.userNotice.optOutList.pathFilter());
  const onError = (e: { message: string }) => toast({ tone: "error", text: t("userNotices.templates.failed", { message: e.message }) });
  const add = useMutation(
    trpc.userNotice.optOutAdd.mutationOptions({
      onSuccess: async () => {
        setUserId("");
        setPhone("");
        toast({ tone: "success", text: t("userNotices.optOuts.added") });
        await refresh();
      },
      onError,
    }),
  );
  const remove = useMutation(
    trpc.userNotice.optOutRemove.mutationOptions({
      onSuccess: async () => {
        toast({ tone: "success", text: t("userNotices.optOuts.removed") });
        await refresh();
      },
      onError,
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (userId.trim() || phone.trim()) add.mutate({ userId: userId.trim() || undefined, phone: phone.trim() || undefined });
  };
  return (
    <Card title={t("userNotices.optOuts.title")}>
      <p className="px-4 pt-3 text-xs text-slate-600">{t("userNotices.optOuts.hint")}</p>
      {canManage && (
        <form onSubmit={submit} className="flex flex-wrap items-end gap-3 px-4 py-3">
          <label className="text-xs font-medium text-slate-600">
            {t("userNotices.optOuts.userId")}
            <input value={userId} maxLength={64} onChange={(e) => setUserId(e.target.value)} className={`${field} mt-1 w-48`} />
          </label>
          <label className="text-xs font-medium text-slate-600">
            {t("userNotices.optOuts.phone")}
            <input value={phone} maxLength={32} inputMode="tel" onChange={(e) => setPhone(e.target.value)} className={`${field} mt-1 w-48`} />
          </label>
          <Button type="submit" variant="primary" disabled={(!userId.trim() && !phone.trim()) || add.isPending}>
            {t("userNotices.optOuts.add")}
          </Button>
        </form>
      )}
      {q.isPending ? (
        <LoadingState rows={3} />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.length === 0 ? (
        <EmptyState title={t("userNotices.optOuts.empty")} />
      ) : (
        <Table label={t("userNotices.optOuts.title")}>
          <thead>
            <tr>
              <Th>{t("userNotices.optOuts.col.user")}</Th>
              <Th>{t("userNotices.optOuts.col.phone")}</Th>
              <Th>{t("userNotices.optOuts.col.source")}</Th>
              <Th>{t("userNotices.optOuts.col.createdBy")}</Th>
              <Th>
                {t("userNotices.optOuts.col.createdAt")} <span className="font-normal">({zoneLabel})</span>
              </Th>
              {canManage && <Th />}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {q.data.map((o) => (
              <tr key={o.id}>
                <Td className="font-mono text-xs">{o.userRef ?? "—"}</Td>
                <Td className="font-mono text-xs">{o.phone ?? "—"}</Td>
                <Td>{o.source === "sms_reply" ? t("userNotices.optOuts.source.sms_reply") : t("userNotices.optOuts.source.console")}</Td>
                <Td className="text-xs">{o.createdBy}</Td>
                <Td className="tabular-nums">{dateTime(o.createdAt)}</Td>
                {canManage && (
                  <Td>
                    <Button size="sm" disabled={remove.isPending} onClick={() => remove.mutate({ id: o.id })}>
                      {t("userNotices.optOuts.remove")}
                    </Button>
                  </Td>
                )}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
