"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState, type FormEvent, type RefObject } from "react";
import { LinkedArticles } from "@/components/kb/linked-articles";
import { useI18n } from "@/components/i18n/i18n-provider";
import { OrderStatusBadge } from "@/components/orders/order-status-badge";
import { useTRPC } from "@/components/providers/trpc";
import { RefundAction } from "@/components/refunds/refund-action";
import { ScriptPicker } from "@/components/scripts/script-picker";
import { SlaBadge, TicketPriorityBadge, TicketStatusBadge } from "@/components/tickets/ticket-badges";
import type { TicketDetail, TicketEvent } from "@/components/tickets/types";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { toast } from "@/components/ui/toast";
import type { OrderStatus } from "@/lib/enums";
import { TICKET_PRIORITIES, TICKET_QUEUES, TICKET_STATUSES, TICKET_TRANSITIONS, TICKET_TYPES, type TicketPriority, type TicketQueue, type TicketStatus, type TicketType } from "@/lib/tickets";

type I18n = ReturnType<typeof useI18n>;

function eventText(e: TicketEvent, { t }: I18n): string {
  const actor = e.actor === "self-service" ? t("tickets.event.selfService") : e.actor;
  const d = e.data as Record<string, string | null | undefined>;
  switch (e.kind) {
    case "status_changed":
      return t("tickets.event.status_changed", { actor, from: t(`tickets.status.${d.from as TicketStatus}`), to: t(`tickets.status.${d.to as TicketStatus}`) });
    case "priority_changed":
      return t("tickets.event.priority_changed", { actor, from: t(`tickets.priority.${d.from as TicketPriority}`), to: t(`tickets.priority.${d.to as TicketPriority}`) });
    case "assigned":
      return d.assignee ? t("tickets.event.assigned", { actor, assignee: d.assignee }) : t("tickets.event.unassigned", { actor });
    case "queue_changed":
      return t("tickets.event.queue_changed", { actor, to: t(`tickets.queue.${d.to as TicketQueue}`) });
    case "linked":
      return t("tickets.event.linked", { actor, what: String(d.what ?? "") });
    default:
      return t(`tickets.event.${e.kind}`, { actor });
  }
}

function History({ events, id, mergedFrom }: { events: TicketEvent[]; id: number; mergedFrom: { id: number; number: string }[] }) {
  const i18n = useI18n();
  const numberOf = new Map(mergedFrom.map((m) => [m.id, m.number]));
  return (
    <ol className="space-y-3" aria-label={i18n.t("tickets.detail.history")}>
      {events.map((e) => (
        <li key={e.id} className={e.body ? `rounded-md p-3 ring-1 ${e.public ? "bg-white ring-slate-200" : "bg-amber-50 ring-amber-200"}` : "px-3 text-xs text-slate-500"}>
          <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
            <span className={e.body ? "font-medium text-slate-700" : ""}>{eventText(e, i18n)}</span>
            {e.body && !e.public && <Badge tone="amber">{i18n.t("tickets.event.internal")}</Badge>}
            {e.ticketId !== id && <Badge tone="violet">{i18n.t("tickets.detail.mergedFrom", { number: numberOf.get(e.ticketId) ?? String(e.ticketId) })}</Badge>}
            <span className="tabular-nums">{i18n.dateTime(e.at)}</span>
          </div>
          {e.body && <p className="mt-1 text-sm whitespace-pre-wrap text-slate-800">{e.body}</p>}
        </li>
      ))}
    </ol>
  );
}

function Composer({ id, orderNo, text, setText, inputRef, onDone }: { id: number; orderNo: string | null; text: string; setText: (v: string) => void; inputRef: RefObject<HTMLTextAreaElement | null>; onDone: () => Promise<unknown> }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [kind, setKind] = useState<"reply" | "note">("reply");
  const send = useMutation(
    trpc.ticket.addMessage.mutationOptions({
      onSuccess: async () => {
        setText("");
        toast({ tone: "success", text: t("tickets.detail.saved") });
        await onDone();
      },
      onError: (e) => toast({ tone: "error", text: t("tickets.detail.failed", { message: e.message }) }),
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim()) send.mutate({ id, kind, text });
  };
  return (
    <form onSubmit={submit} className="mt-4 space-y-2">
      <div role="radiogroup" aria-label={t("tickets.detail.reply")} className="flex gap-2">
        {(["reply", "note"] as const).map((k) => (
          <Button key={k} role="radio" aria-checked={kind === k} size="sm" variant={kind === k ? "primary" : "secondary"} onClick={() => setKind(k)}>
            {t(`tickets.detail.${k}`)}
          </Button>
        ))}
      </div>
      <label htmlFor="ticket-message" className="sr-only">{t(kind === "reply" ? "tickets.detail.replyPlaceholder" : "tickets.detail.notePlaceholder")}</label>
      <textarea
        id="ticket-message"
        ref={inputRef}
        value={text}
        onChange={(e) => setText(e.target.value)}
        rows={4}
        maxLength={4000}
        placeholder={t(kind === "reply" ? "tickets.detail.replyPlaceholder" : "tickets.detail.notePlaceholder")}
        className={`block w-full rounded-md border-0 p-2 text-sm ring-1 ring-inset ${kind === "note" ? "bg-amber-50 ring-amber-300" : "ring-slate-300"}`}
      />
      <div className="flex items-center justify-between gap-2">
        <Button type="submit" variant="primary" disabled={send.isPending || !text.trim()}>
          {kind === "reply" ? t("tickets.detail.send") : t("tickets.detail.addNote")}
        </Button>
        <span className="text-xs text-slate-500">{t("tickets.detail.shortcuts")}</span>
      </div>
      <ScriptPicker orderNo={orderNo ?? undefined} ticketId={id} onInsert={(s) => setText(text ? `${text}\n${s}` : s)} />
    </form>
  );
}

function Controls({ detail, canAssign, onDone }: { detail: TicketDetail; canAssign: boolean; onDone: () => Promise<unknown> }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { ticket } = detail;
  const [mergeInto, setMergeInto] = useState("");
  const opts = {
    onSuccess: async () => {
      toast({ tone: "success", text: t("tickets.detail.saved") });
      await onDone();
    },
    onError: (e: { message: string }) => toast({ tone: "error", text: t("tickets.detail.failed", { message: e.message }) }),
  };
  const status = useMutation(trpc.ticket.setStatus.mutationOptions(opts));
  const priority = useMutation(trpc.ticket.setPriority.mutationOptions(opts));
  const type = useMutation(trpc.ticket.setType.mutationOptions(opts));
  const assign = useMutation(trpc.ticket.assign.mutationOptions(opts));
  const take = useMutation(trpc.ticket.take.mutationOptions(opts));
  const transfer = useMutation(trpc.ticket.transfer.mutationOptions(opts));
  const merge = useMutation(trpc.ticket.merge.mutationOptions(opts));
  const select = "mt-1 block w-full rounded-md border-0 py-1.5 pr-8 pl-2 text-sm ring-1 ring-slate-300 ring-inset";
  const closed = ticket.status === "closed";
  const nextStatuses = TICKET_STATUSES.filter((s) => s === ticket.status || TICKET_TRANSITIONS[ticket.status].includes(s));
  const target = /^T-\d{4}-\d{6}$/.test(mergeInto.trim()) && mergeInto.trim() !== ticket.number ? mergeInto.trim() : null;
  return (
    <div className="space-y-3">
      <label className="block text-xs text-slate-500">
        {t("tickets.detail.changeStatus")}
        <select className={select} value={ticket.status} disabled={closed || status.isPending} onChange={(e) => status.mutate({ id: ticket.id, status: e.target.value as TicketStatus })}>
          {nextStatuses.map((s) => (
            <option key={s} value={s}>{t(`tickets.status.${s}`)}</option>
          ))}
        </select>
      </label>
      <label className="block text-xs text-slate-500">
        {t("tickets.detail.changePriority")}
        <select className={select} value={ticket.priority} disabled={closed || priority.isPending} onChange={(e) => priority.mutate({ id: ticket.id, priority: e.target.value as TicketPriority })}>
          {TICKET_PRIORITIES.map((p) => (
            <option key={p} value={p}>{t(`tickets.priority.${p}`)}</option>
          ))}
        </select>
      </label>
      <label className="block text-xs text-slate-500">
        {t("tickets.detail.type")}
        <select className={select} value={ticket.type} disabled={closed || type.isPending} onChange={(e) => type.mutate({ id: ticket.id, type: e.target.value as TicketType })}>
          {TICKET_TYPES.map((p) => (
            <option key={p} value={p}>{t(`tickets.type.${p}`)}</option>
          ))}
        </select>
      </label>
      {canAssign && (
        <label className="block text-xs text-slate-500">
          {t("tickets.detail.transfer")}
          <select className={select} value={ticket.queue} disabled={closed || transfer.isPending} onChange={(e) => transfer.mutate({ id: ticket.id, queue: e.target.value as TicketQueue })}>
            {TICKET_QUEUES.map((q) => (
              <option key={q} value={q}>{t(`tickets.queue.${q}`)}</option>
            ))}
          </select>
        </label>
      )}
      {canAssign ? (
        <label className="block text-xs text-slate-500">
          {t("tickets.detail.assignee")}
          <select className={select} value={ticket.assigneeId ?? ""} disabled={closed || assign.isPending} onChange={(e) => assign.mutate({ id: ticket.id, assignee: e.target.value || null })}>
            <option value="">{t("tickets.detail.unassigned")}</option>
            {detail.assignees.map((a) => (
              <option key={a.id} value={a.id}>{a.email}</option>
            ))}
          </select>
        </label>
      ) : (
        <p className="text-sm">{ticket.assignee ?? t("tickets.detail.unassigned")}</p>
      )}
      {!closed && (
        <Button size="sm" disabled={take.isPending} onClick={() => take.mutate({ id: ticket.id })}>
          {t("tickets.detail.assignMe")}
        </Button>
      )}
      {canAssign && !closed && (
        <form
          className="space-y-1 border-t border-slate-100 pt-3"
          onSubmit={(e) => {
            e.preventDefault();
            if (target) merge.mutate({ id: ticket.id, into: target });
          }}
        >
          <label className="block text-xs text-slate-500">
            {t("tickets.detail.merge")}
            <input className={`${select} font-mono`} placeholder="T-2026-000123" aria-describedby="merge-hint" value={mergeInto} onChange={(e) => setMergeInto(e.target.value)} />
          </label>
          <p id="merge-hint" className="text-xs text-slate-500">{t("tickets.detail.mergeTarget")}</p>
          <Button type="submit" size="sm" variant="secondary" disabled={!target || merge.isPending}>
            {t("tickets.detail.mergeConfirm")}
          </Button>
        </form>
      )}
    </div>
  );
}

/** /tickets/<id>: the ticket, its order in plain words, the requester, the history, and (for ticket.update) the actions. */
export function TicketDetailView({ id, canUpdate, canAssign }: { id: number; canUpdate: boolean; canAssign: boolean }) {
  const i18n = useI18n();
  const { t, dateTime, money } = i18n;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const q = useQuery(trpc.ticket.get.queryOptions({ id }));
  const refresh = () => queryClient.invalidateQueries(trpc.ticket.pathFilter());
  const [text, setText] = useState("");
  const replyRef = useRef<HTMLTextAreaElement | null>(null);
  const resolve = useMutation(
    trpc.ticket.setStatus.mutationOptions({
      onSuccess: async () => {
        toast({ tone: "success", text: t("tickets.detail.saved") });
        await refresh();
      },
      onError: (e) => toast({ tone: "error", text: t("tickets.detail.failed", { message: e.message }) }),
    }),
  );
  const status = q.data?.ticket.status;
  // r focuses the reply, e resolves (not while typing or with a dialog open)
  useEffect(() => {
    if (!canUpdate) return;
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (e.metaKey || e.ctrlKey || e.altKey || el?.closest("input, textarea, select, [role=dialog], [contenteditable=true]")) return;
      if (e.key === "r") replyRef.current?.focus();
      else if (e.key === "e" && status && TICKET_TRANSITIONS[status].includes("solved")) resolve.mutate({ id, status: "solved" });
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [canUpdate, status, id, resolve]);
  const back = (
    <Link href="/tickets" className="text-xs text-slate-500 hover:text-slate-800">
      ← {t("tickets.detail.back")}
    </Link>
  );
  if (q.isPending) return <>{back}<LoadingState /></>;
  if (q.isError) return <>{back}<ErrorState error={q.error} onRetry={() => void q.refetch()} /></>;
  const { ticket, events, order, mergedInto, mergedFrom } = q.data;
  return (
    <>
      {back}
      <div className="mt-1 mb-4">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-lg font-semibold tracking-tight">
            {ticket.subject} <span className="font-normal text-slate-500">· {ticket.number}</span>
          </h1>
          <TicketStatusBadge status={ticket.status} />
          <TicketPriorityBadge priority={ticket.priority} />
          <SlaBadge t={ticket} />
          {canUpdate && TICKET_TRANSITIONS[ticket.status].includes("solved") && (
            <Button size="sm" variant="secondary" disabled={resolve.isPending} onClick={() => resolve.mutate({ id, status: "solved" })}>
              {t("tickets.detail.resolve")}
            </Button>
          )}
        </div>
        {mergedInto && (
          <p className="mt-1 text-sm">
            <Link href={`/tickets/${mergedInto.id}`} className="text-indigo-700 hover:underline">
              {t("tickets.detail.mergedInto", { number: mergedInto.number })}
            </Link>
          </p>
        )}
        <p className="mt-1 flex flex-wrap gap-x-4 text-xs text-slate-600">
          <span>{t("tickets.list.col.queue")}: {t(`tickets.queue.${ticket.queue}`)}</span>
          <span>{t("tickets.detail.type")}: {t(`tickets.type.${ticket.type}`)}</span>
          <span>{t("tickets.list.col.source")}: {t(`tickets.source.${ticket.source}`)}</span>
          <span>{t("tickets.detail.created")}: {dateTime(ticket.createdAt)} ({i18n.zoneLabel})</span>
          {ticket.firstResponseAt && <span>{t("tickets.detail.firstResponse")}: {dateTime(ticket.firstResponseAt)}</span>}
          {ticket.handleSeconds !== null && (
            <span>{t("tickets.detail.metrics", { fcr: t(ticket.firstContactResolution ? "tickets.detail.yes" : "tickets.detail.no"), minutes: Math.round(ticket.handleSeconds / 60) })}</span>
          )}
        </p>
      </div>
      <div className="grid gap-4 lg:grid-cols-[1fr_20rem]">
        <Card title={t("tickets.detail.history")}>
          <div className="p-4">
            <History events={events} id={id} mergedFrom={mergedFrom} />
            {canUpdate && ticket.status !== "closed" && <Composer id={id} orderNo={ticket.orderNo} text={text} setText={setText} inputRef={replyRef} onDone={refresh} />}
            {!canUpdate && <p className="mt-4 text-xs text-slate-500">{t("tickets.detail.readOnly")}</p>}
          </div>
        </Card>
        <div className="space-y-4">
          <Card title={t("tickets.detail.order")}>
            <div className="space-y-2 p-4 text-sm">
              {order ? (
                <>
                  <div className="flex items-center justify-between gap-2">
                    <Link href={`/orders/${encodeURIComponent(order.orderNo)}`} className="font-mono text-indigo-700 hover:underline">
                      {order.orderNo}
                    </Link>
                    <OrderStatusBadge status={order.status as OrderStatus} />
                  </div>
                  <p>
                    <span className="text-xs text-slate-500">{t("tickets.detail.orderState")}: </span>
                    {order.kind ? t(`tickets.situation.${order.kind}`) : "—"}
                  </p>
                  <p className="tabular-nums">{money(order.amountMinor, order.currency)}</p>
                  {canUpdate && <RefundAction orderNo={order.orderNo} ticketId={id} />}
                </>
              ) : (
                <p className="text-slate-500">{t("tickets.detail.noOrder")}</p>
              )}
            </div>
          </Card>
          <Card title={t("tickets.detail.requester")}>
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 p-4 text-sm">
              <dt className="text-slate-500">{t("tickets.detail.userId")}</dt>
              <dd className="font-mono">{ticket.requesterUserId ?? "—"}</dd>
              <dt className="text-slate-500">{t("tickets.detail.phone")}</dt>
              <dd className="font-mono">{ticket.requesterPhoneMasked ?? "—"}</dd>
              <dt className="text-slate-500">{t("tickets.detail.contact")}</dt>
              <dd>{ticket.contactPreference ? t(`tickets.contact.${ticket.contactPreference}`) : "—"}</dd>
            </dl>
          </Card>
          <Card title={t("tickets.detail.assignee")}>
            <div className="p-4 text-sm">
              {canUpdate ? <Controls detail={q.data} canAssign={canAssign} onDone={refresh} /> : <p>{ticket.assignee ?? t("tickets.detail.unassigned")}</p>}
            </div>
          </Card>
          <LinkedArticles target={{ kind: "ticket", id }} />
        </div>
      </div>
    </>
  );
}
