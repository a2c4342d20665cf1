"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import type { TicketSettingsData } from "@/components/tickets/types";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { Table, Td, Th } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { AGENT_AVAILABILITIES, TICKET_PRIORITIES, TICKET_QUEUES, type AgentAvailability, type SlaTargets, type TicketQueue } from "@/lib/tickets";

type Settings = TicketSettingsData;
type Agent = Settings["agents"][number];

const input = "w-20 rounded-md border-0 px-2 py-1 text-sm tabular-nums ring-1 ring-slate-300 ring-inset";
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
const minutesOf = (v: string) => {
  const [h, m] = v.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

function useSaved() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return {
    onSuccess: async () => {
      toast({ tone: "success", text: t("tickets.settings.saved") });
      await queryClient.invalidateQueries(trpc.ticketSettings.pathFilter());
    },
    onError: (e: { message: string }) => toast({ tone: "error", text: t("tickets.settings.failed", { message: e.message }) }),
  };
}

function QueueRow({ queue, targets }: { queue: TicketQueue; targets: SlaTargets }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [draft, setDraft] = useState(targets);
  const save = useMutation(trpc.ticketSettings.saveQueue.mutationOptions(useSaved()));
  const set = (p: keyof SlaTargets, k: "firstResponseMinutes" | "resolutionMinutes", v: string) => setDraft((d) => ({ ...d, [p]: { ...d[p], [k]: Number(v) } }));
  return (
    <tr>
      <Td className="font-medium">{t(`tickets.queue.${queue}`)}</Td>
      {TICKET_PRIORITIES.map((p) => (
        <Td key={p}>
          <div className="flex gap-1">
            <input aria-label={`${t(`tickets.queue.${queue}`)} ${t(`tickets.priority.${p}`)} ${t("tickets.settings.firstResponse")}`} type="number" min={1} className={input} value={draft[p].firstResponseMinutes} onChange={(e) => set(p, "firstResponseMinutes", e.target.value)} />
            <input aria-label={`${t(`tickets.queue.${queue}`)} ${t(`tickets.priority.${p}`)} ${t("tickets.settings.resolution")}`} type="number" min={1} className={input} value={draft[p].resolutionMinutes} onChange={(e) => set(p, "resolutionMinutes", e.target.value)} />
          </div>
        </Td>
      ))}
      <Td>
        <Button size="sm" disabled={save.isPending} onClick={() => save.mutate({ queue, targets: draft })}>
          {t("tickets.settings.save")}
        </Button>
      </Td>
    </tr>
  );
}

function Hours({ hours }: { hours: Settings["hours"] }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [draft, setDraft] = useState({ timeZone: hours.timeZone, start: hhmm(hours.startMinute), end: hhmm(hours.endMinute), weekdays: [...hours.weekdays] });
  const save = useMutation(trpc.ticketSettings.saveHours.mutationOptions(useSaved()));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ timeZone: draft.timeZone, startMinute: minutesOf(draft.start), endMinute: minutesOf(draft.end), weekdays: [...draft.weekdays] });
  };
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-3 p-4 text-sm">
      <label className="text-xs text-slate-600">
        {t("tickets.settings.timeZone")}
        <input className="mt-1 block w-44 rounded-md border-0 px-2 py-1 text-sm ring-1 ring-slate-300 ring-inset" value={draft.timeZone} onChange={(e) => setDraft((d) => ({ ...d, timeZone: e.target.value }))} />
      </label>
      <label className="text-xs text-slate-600">
        {t("tickets.settings.start")}
        <input type="time" className="mt-1 block rounded-md border-0 px-2 py-1 text-sm ring-1 ring-slate-300 ring-inset" value={draft.start} onChange={(e) => setDraft((d) => ({ ...d, start: e.target.value }))} />
      </label>
      <label className="text-xs text-slate-600">
        {t("tickets.settings.end")}
        <input type="time" className="mt-1 block rounded-md border-0 px-2 py-1 text-sm ring-1 ring-slate-300 ring-inset" value={draft.end} onChange={(e) => setDraft((d) => ({ ...d, end: e.target.value }))} />
      </label>
      <fieldset className="text-xs text-slate-600">
        <legend>{t("tickets.settings.days")}</legend>
        <div className="mt-1 flex gap-2">
          {[1, 2, 3, 4, 5, 6, 7].map((d) => (
            <label key={d} className="flex items-center gap-1">
              <input
                type="checkbox"
                checked={draft.weekdays.includes(d)}
                onChange={(e) => setDraft((s) => ({ ...s, weekdays: e.target.checked ? [...s.weekdays, d].sort() : s.weekdays.filter((x) => x !== d) }))}
              />
              {t(`tickets.settings.weekday.${d as 1 | 2 | 3 | 4 | 5 | 6 | 7}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <Button type="submit" size="sm" disabled={save.isPending}>
        {t("tickets.settings.save")}
      </Button>
    </form>
  );
}

function AgentRow({ agent }: { agent: Agent }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [draft, setDraft] = useState(agent.profile ?? { skills: [] as TicketQueue[], capacity: 10, availability: "away" as AgentAvailability });
  const save = useMutation(trpc.ticketSettings.saveAgent.mutationOptions(useSaved()));
  return (
    <tr>
      <Td>
        <div className="font-medium">{agent.email}</div>
        <div className="text-xs text-slate-500">{agent.role}</div>
      </Td>
      <Td>
        <div className="flex flex-wrap gap-2">
          {TICKET_QUEUES.map((q) => (
            <label key={q} className="flex items-center gap-1 text-xs">
              <input
                type="checkbox"
                checked={draft.skills.includes(q)}
                onChange={(e) => setDraft((d) => ({ ...d, skills: e.target.checked ? [...d.skills, q] : d.skills.filter((x) => x !== q) }))}
              />
              {t(`tickets.queue.${q}`)}
            </label>
          ))}
        </div>
      </Td>
      <Td>
        <input aria-label={`${agent.email} ${t("tickets.settings.capacity")}`} type="number" min={0} max={200} className={input} value={draft.capacity} onChange={(e) => setDraft((d) => ({ ...d, capacity: Number(e.target.value) }))} />
        <span className="ml-2 text-xs text-slate-500 tabular-nums">{agent.openTickets}</span>
      </Td>
      <Td>
        <select aria-label={`${agent.email} ${t("tickets.settings.availability")}`} className="rounded-md border-0 py-1 pr-8 pl-2 text-sm ring-1 ring-slate-300 ring-inset" value={draft.availability} onChange={(e) => setDraft((d) => ({ ...d, availability: e.target.value as AgentAvailability }))}>
          {AGENT_AVAILABILITIES.map((a) => (
            <option key={a} value={a}>{t(`tickets.availability.${a}`)}</option>
          ))}
        </select>
      </Td>
      <Td>
        <Button size="sm" disabled={save.isPending} onClick={() => save.mutate({ userId: agent.userId, ...draft })}>
          {agent.profile ? t("tickets.settings.save") : t("tickets.settings.addProfile")}
        </Button>
        {!agent.profile && <Badge tone="gray" className="ml-2">—</Badge>}
      </Td>
    </tr>
  );
}

/** /tickets/settings: SLA targets per queue and priority, the business calendar, agents' queues and capacity. */
export function TicketSettingsView() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const q = useQuery(trpc.ticketSettings.get.queryOptions({}));
  const header = (
    <PageHeader
      title={t("tickets.settings.title")}
      subtitle={t("tickets.settings.subtitle")}
      actions={
        <Link href="/tickets" className="text-sm text-indigo-700 hover:underline">
          {t("tickets.detail.back")}
        </Link>
      }
    />
  );
  if (q.isPending) return <>{header}<LoadingState /></>;
  if (q.isError) return <>{header}<ErrorState error={q.error} onRetry={() => void q.refetch()} /></>;
  const data = q.data;
  return (
    <>
      {header}
      <Card title={t("tickets.settings.queues")}>
        <Table label={t("tickets.settings.queues")}>
          <thead>
            <tr>
              <Th>{t("tickets.list.col.queue")}</Th>
              {TICKET_PRIORITIES.map((p) => (
                <Th key={p}>
                  {t(`tickets.priority.${p}`)}
                  <span className="block font-normal text-slate-500">
                    {t("tickets.settings.firstResponse")} / {t("tickets.settings.resolution")}
                  </span>
                </Th>
              ))}
              <Th />
            </tr>
          </thead>
          <tbody>
            {TICKET_QUEUES.map((queue) => (
              <QueueRow key={queue} queue={queue} targets={data.queues[queue]} />
            ))}
          </tbody>
        </Table>
      </Card>
      <Card title={t("tickets.settings.hours")} className="mt-4">
        <Hours hours={data.hours} />
      </Card>
      <Card title={t("tickets.settings.agents")} className="mt-4">
        {data.agents.length === 0 ? (
          <EmptyState title={t("tickets.settings.noAgents")} />
        ) : (
          <Table label={t("tickets.settings.agents")}>
            <thead>
              <tr>
                <Th>{t("tickets.list.col.assignee")}</Th>
                <Th>{t("tickets.settings.skills")}</Th>
                <Th>{t("tickets.settings.capacity")}</Th>
                <Th>{t("tickets.settings.availability")}</Th>
                <Th />
              </tr>
            </thead>
            <tbody>
              {data.agents.map((a) => (
                <AgentRow key={a.userId} agent={a} />
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
