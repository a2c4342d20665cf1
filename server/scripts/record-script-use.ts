import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { orders, scriptUses, scriptVersions, tickets } from "@/db/schema";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { ConflictError, NotFoundError } from "@/server/lib/errors";

/** An agent copied or inserted a published version: counted per version (reviews) and audited. */
export async function recordScriptUse(db: Db, actor: Actor, input: { versionId: number; orderNo?: string; ticketId?: number }): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const [v] = await tx.select({ scriptId: scriptVersions.scriptId, state: scriptVersions.state }).from(scriptVersions).where(eq(scriptVersions.id, input.versionId));
    if (!v) throw new NotFoundError(`script version ${input.versionId} not found`);
    // A page open since before a new approval may copy the words it shows (superseded); a draft is never sent.
    if (v.state !== "published" && v.state !== "superseded") throw new ConflictError(`script version ${input.versionId} is not published`);
    // Context that does not exist is dropped, not an error: the use happened either way.
    const orderNo = input.orderNo ? ((await tx.select({ n: orders.orderNo }).from(orders).where(eq(orders.orderNo, input.orderNo)))[0]?.n ?? null) : null;
    const ticketId = input.ticketId ? ((await tx.select({ id: tickets.id }).from(tickets).where(eq(tickets.id, input.ticketId)))[0]?.id ?? null) : null;
    const [row] = await tx.insert(scriptUses).values({ versionId: input.versionId, scriptId: v.scriptId, actorId: actor.id, actorLabel: actor.label, orderNo, ticketId }).returning({ id: scriptUses.id });
    await writeAudit(tx, actor, { action: "script.use", entityType: "script", entityId: String(v.scriptId), after: { versionId: input.versionId, orderNo, ticketId } });
    return { id: row!.id };
  });
}
