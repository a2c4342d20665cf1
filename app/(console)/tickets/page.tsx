import { NO_FILTERS, ticketRangeOn, ticketsInput, ticketTab, type TicketFilters } from "@/components/tickets/tickets-input";
import { providerParam } from "@/lib/enums";
import { parseListRange } from "@/lib/list-range";
import { SLA_STATES, TICKET_TYPES } from "@/lib/tickets";
import { Prefetched } from "@/server/api/prefetch";
import { can } from "@/server/auth/permissions";
import { requirePermission } from "@/server/auth/require-user";
import { TicketsView } from "./_components/tickets-view";

export default async function TicketsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("ticket.read");
  const params = await searchParams;
  const [status, type, sla] = (["status", "type", "sla"] as const).map((k) => (typeof params[k] === "string" ? params[k] : undefined));
  // ?from=&to=: the drill-down from a chart's time bucket (lib/list-range.ts); the view reads it from the URL too.
  const range = parseListRange(params);
  // &on=resolved|breached: the window applies to when tickets were resolved or breached their SLA.
  const rangeOn = ticketRangeOn(typeof params.on === "string" ? params.on : undefined);
  // ?provider=: tickets about an order of that provider (the dashboard filtered to one provider).
  const provider = providerParam(params.provider);
  // ?type= and ?sla=: the KPI dashboard's drill-down opens the queue filtered to a topic or to SLA breaches.
  const filters: TicketFilters = {
    ...NO_FILTERS,
    type: (TICKET_TYPES as readonly string[]).includes(type ?? "") ? (type as TicketFilters["type"]) : undefined,
    sla: (SLA_STATES as readonly string[]).includes(sla ?? "") ? (sla as TicketFilters["sla"]) : undefined,
  };
  return (
    <Prefetched user={user} run={(trpc, client) => client.prefetchQuery(trpc.ticket.list.queryOptions(ticketsInput({ status: ticketTab(status), filters, range, rangeOn, provider })))}>
      <TicketsView initialStatus={status} initialFilters={filters} canUpdate={can(user, "ticket.update")} canAssign={can(user, "ticket.assign")} canConfigure={can(user, "ticket.configure")} />
    </Prefetched>
  );
}
