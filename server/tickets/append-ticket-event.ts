import "server-only";
import type { Db } from "@/db/client";
import { ticketEvents } from "@/db/schema";
import type { TicketEventKind } from "@/lib/tickets";

/** One history entry, in the caller's transaction (every ticket verb writes one with its change). */
export async function appendTicketEvent(
  tx: Db,
  ticketId: number,
  e: { kind: TicketEventKind; actor: string; public?: boolean; body?: string | null; data?: Record<string, unknown> },
  at: Date,
): Promise<void> {
  await tx.insert(ticketEvents).values({ ticketId, kind: e.kind, actor: e.actor, public: e.public ?? false, body: e.body ?? null, data: e.data ?? {}, at, createdAt: at });
}
