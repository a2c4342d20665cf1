import "server-only";
import { worstState, type ComponentState, type NoticeComponent, type NoticeKind, type NoticeStatus } from "@/lib/status";
import { lastBusinessDays } from "./business-days";

interface NoticeFacts {
  kind: NoticeKind;
  status: NoticeStatus;
  components: NoticeComponent[];
  scheduledFor: Date | null;
  scheduledUntil: Date | null;
  resolvedAt: Date | null;
}

/**
 * Whether a notice weighs on its components now: an open incident notice always; a maintenance once ops
 * mark it in progress (or verifying), or while its announced window is running even if nobody did.
 */
export function isInEffect(n: NoticeFacts, now: Date): boolean {
  if (n.resolvedAt !== null && n.resolvedAt <= now) return false;
  if (n.kind === "incident") return true;
  if (n.status === "in_progress" || n.status === "verifying") return true;
  return n.status === "scheduled" && n.scheduledFor !== null && n.scheduledUntil !== null && n.scheduledFor <= now && now < n.scheduledUntil;
}

/** A maintenance's components are under maintenance at least (an outage it announces stays an outage). */
const stateIn = (kind: NoticeKind, s: ComponentState): ComponentState => (kind === "maintenance" ? worstState([s, "under_maintenance"]) : s);

/** Each component's state now: the worst of the notices in effect (operational when none names it). */
export function componentStates(keys: readonly string[], notices: readonly NoticeFacts[], now: Date): Record<string, ComponentState> {
  const states: Record<string, ComponentState> = Object.fromEntries(keys.map((k) => [k, "operational" as ComponentState]));
  for (const n of notices) {
    if (!isInEffect(n, now)) continue;
    for (const c of n.components) if (c.key in states) states[c.key] = worstState([states[c.key]!, stateIn(n.kind, c.state)]);
  }
  return states;
}

export interface DayBar {
  /** The business day, "2026-11-26". */
  day: string;
  state: ComponentState;
}

interface NoticeWithUpdates extends NoticeFacts {
  updates: readonly { status: NoticeStatus; components: NoticeComponent[]; at: Date }[];
}

/**
 * Per component, the `days` business days up to today, each with the worst state it had that day: every
 * update's component states hold from the update until the next one (or the notice's close, or now); a
 * maintenance counts only while in effect (its window, or once marked in progress).
 */
export function componentHistory(keys: readonly string[], notices: readonly NoticeWithUpdates[], now: Date, days: number, timeZone: string): Record<string, DayBar[]> {
  const range = lastBusinessDays(now, days, timeZone);
  const worst = new Map<string, ComponentState[]>(keys.map((k) => [k, range.map(() => "operational" as ComponentState)]));
  const mark = (key: string, state: ComponentState, from: Date, to: Date) => {
    const bars = worst.get(key);
    if (!bars || state === "operational" || to <= from) return;
    range.forEach((d, i) => {
      if (d.start < to && d.end > from) bars[i] = worstState([bars[i]!, state]);
    });
  };
  for (const n of notices) {
    const end = n.resolvedAt ?? now;
    n.updates.forEach((u, i) => {
      let from = u.at;
      let to = n.updates[i + 1]?.at ?? end;
      if (n.kind === "maintenance" && u.status === "scheduled") {
        if (!n.scheduledFor || !n.scheduledUntil) return;
        from = new Date(Math.max(from.getTime(), n.scheduledFor.getTime()));
        to = new Date(Math.min(to.getTime(), n.scheduledUntil.getTime()));
      }
      for (const c of u.components) mark(c.key, stateIn(n.kind, c.state), from, to);
    });
  }
  return Object.fromEntries([...worst].map(([key, states]) => [key, range.map((d, i) => ({ day: d.day, state: states[i]! }))]));
}
