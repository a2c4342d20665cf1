"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { ACTION_TITLE_MAX } from "@/lib/reviews";
import type { ReviewDetail } from "./types";

const INPUT = "block rounded-md border-0 px-2 py-1 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600 aria-[invalid=true]:ring-rose-500";

type Item = ReviewDetail["actionItems"][number];
type Owner = ReviewDetail["owners"][number];

function OwnerSelect({ id, value, owners, onChange, label }: { id?: string; value: string | null; owners: Owner[]; onChange: (v: string | null) => void; label?: string }) {
  const { t } = useI18n();
  return (
    <select id={id} aria-label={label} value={value ?? ""} onChange={(e) => onChange(e.target.value || null)} className={INPUT}>
      <option value="">{t("reviews.items.noOwner")}</option>
      {owners.map((o) => (
        <option key={o.id} value={o.id}>
          {o.name}
        </option>
      ))}
    </select>
  );
}

/** Action items with an owner and a due business day, tracked to done; editable in place by the on-call roles. */
export function ActionItemsCard({ incidentId, items, owners, canWrite }: { incidentId: number; items: Item[]; owners: Owner[]; canWrite: boolean }) {
  const { t, dateTime, zoneLabel } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries(trpc.review.pathFilter());
  const onError = (e: { message: string }) => toast({ tone: "error", text: t("reviews.detail.failed", { message: e.message }) });
  const update = useMutation(trpc.review.updateActionItem.mutationOptions({ onSuccess: async () => { toast({ tone: "success", text: t("reviews.items.updated") }); await refresh(); }, onError }));
  const status = useMutation(trpc.review.setActionItemStatus.mutationOptions({ onSuccess: refresh, onError }));
  return (
    <Card title={t("reviews.items.title")} className="mb-4">
      {items.length === 0 ? (
        <p className="px-4 py-3 text-sm text-slate-500">{t("reviews.items.empty")}</p>
      ) : (
        <Table label={t("reviews.items.title")}>
          <thead>
            <tr>
              <Th>{t("reviews.items.itemTitle")}</Th>
              <Th>{t("reviews.items.owner")}</Th>
              <Th>{t("reviews.items.dueOn")}</Th>
              <Th>{t("reviews.items.status")}</Th>
              {canWrite && <Th className="print:hidden"><span className="sr-only">{t("reviews.items.status")}</span></Th>}
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.id} data-testid={`action-item-${i.id}`}>
                <Td className="whitespace-normal">{i.title}</Td>
                <Td>
                  {canWrite && i.status === "open" ? (
                    <span className="print:hidden">
                      <OwnerSelect label={`${t("reviews.items.owner")}: ${i.title}`} value={i.ownerId} owners={owners} onChange={(ownerId) => update.mutate({ id: i.id, ownerId })} />
                    </span>
                  ) : null}
                  <span className={canWrite && i.status === "open" ? "hidden print:inline" : undefined}>{i.ownerName ?? t("reviews.items.noOwner")}</span>
                </Td>
                <Td className="tabular-nums">
                  {canWrite && i.status === "open" ? (
                    <input
                      type="date"
                      aria-label={`${t("reviews.items.dueOn")}: ${i.title}`}
                      defaultValue={i.dueOn ?? ""}
                      onBlur={(e) => {
                        const v = e.target.value || null;
                        if (v !== i.dueOn) update.mutate({ id: i.id, dueOn: v });
                      }}
                      className={`${INPUT} print:hidden`}
                    />
                  ) : null}
                  <span className={canWrite && i.status === "open" ? "hidden print:inline" : undefined}>{i.dueOn ?? "—"}</span>
                </Td>
                <Td>
                  {i.status === "done" ? (
                    <span className="flex flex-col">
                      <Badge tone="green">{t("reviews.items.done")}</Badge>
                      {i.doneAt && <span className="mt-0.5 text-xs text-slate-500">{t("reviews.items.doneBy", { who: i.doneBy ?? "—", at: dateTime(i.doneAt) })}</span>}
                    </span>
                  ) : i.overdue ? (
                    <Badge tone="red">{t("reviews.items.overdue")}</Badge>
                  ) : (
                    <Badge tone="blue">{t("reviews.items.open")}</Badge>
                  )}
                </Td>
                {canWrite && (
                  <Td className="text-right print:hidden">
                    <Button size="sm" disabled={status.isPending} onClick={() => status.mutate({ id: i.id, status: i.status === "done" ? "open" : "done" })}>
                      {i.status === "done" ? t("reviews.items.reopen") : t("reviews.items.markDone")}
                    </Button>
                  </Td>
                )}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {canWrite && <AddItemForm incidentId={incidentId} owners={owners} zoneLabel={zoneLabel} onAdded={refresh} />}
    </Card>
  );
}

function AddItemForm({ incidentId, owners, zoneLabel, onAdded }: { incidentId: number; owners: Owner[]; zoneLabel: string; onAdded: () => Promise<void> }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [title, setTitle] = useState("");
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [dueOn, setDueOn] = useState("");
  const [tried, setTried] = useState(false);
  const ids = { title: useId(), owner: useId(), due: useId(), error: useId(), hint: useId() };
  const add = useMutation(
    trpc.review.addActionItem.mutationOptions({
      onSuccess: async () => {
        setTitle("");
        setOwnerId(null);
        setDueOn("");
        setTried(false);
        toast({ tone: "success", text: t("reviews.items.added") });
        await onAdded();
      },
      onError: (e) => toast({ tone: "error", text: t("reviews.detail.failed", { message: e.message }) }),
    }),
  );
  const invalid = tried && title.trim().length === 0;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (title.trim().length === 0) return;
    add.mutate({ incidentId, title: title.trim(), ownerId, dueOn: dueOn || null });
  };
  return (
    <form onSubmit={submit} noValidate className="flex flex-wrap items-end gap-3 border-t border-slate-100 px-4 py-3 print:hidden">
      <div className="min-w-64 flex-1">
        <label htmlFor={ids.title} className="block text-xs font-medium text-slate-700">
          {t("reviews.items.itemTitle")}
        </label>
        <input
          id={ids.title}
          value={title}
          maxLength={ACTION_TITLE_MAX}
          placeholder={t("reviews.items.itemTitlePlaceholder")}
          aria-invalid={invalid}
          aria-describedby={invalid ? ids.error : undefined}
          onChange={(e) => setTitle(e.target.value)}
          className={`${INPUT} mt-1 w-full`}
        />
        {invalid && (
          <p id={ids.error} role="alert" className="mt-1 text-xs text-rose-700">
            {t("reviews.items.titleRequired")}
          </p>
        )}
      </div>
      <div>
        <label htmlFor={ids.owner} className="block text-xs font-medium text-slate-700">
          {t("reviews.items.owner")}
        </label>
        <div className="mt-1">
          <OwnerSelect id={ids.owner} value={ownerId} owners={owners} onChange={setOwnerId} />
        </div>
      </div>
      <div>
        <label htmlFor={ids.due} className="block text-xs font-medium text-slate-700">
          {t("reviews.items.dueOn")}
        </label>
        <input id={ids.due} type="date" value={dueOn} aria-describedby={ids.hint} onChange={(e) => setDueOn(e.target.value)} className={`${INPUT} mt-1`} />
        <span id={ids.hint} className="sr-only">
          {t("reviews.items.dueHint", { zone: zoneLabel })}
        </span>
      </div>
      <Button type="submit" variant="primary" disabled={add.isPending}>
        {t("reviews.items.add")}
      </Button>
    </form>
  );
}
