import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { tickets, type TicketRow } from "@/db/schema";
import { NotFoundError } from "@/server/lib/errors";

/** The ticket row, locked for the rest of the caller's transaction (every change reads it this way first). */
export async function loadTicketForUpdate(tx: Db, id: number): Promise<TicketRow> {
  const [row] = await tx.select().from(tickets).where(eq(tickets.id, id)).for("update");
  if (!row) throw new NotFoundError("ticket not found");
  return row;
}
