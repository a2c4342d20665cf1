import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { discrepancies, users } from "@/db/schema";
import type { DiscrepancyStatus } from "@/lib/enums";
import { writeAudits, type Actor } from "@/server/audit/write-audit";
import { holds } from "@/server/auth/permissions";
import { ForbiddenError, NotFoundError, ValidationError } from "@/server/lib/errors";

/** Still an exception (or waiting out its grace): a person may resolve, write off or assign it. */
const ACTIONABLE: DiscrepancyStatus[] = ["open", "waiting"];
const MAX_IDS = 1000;

export interface HandlingResult {
  /** Items changed (one audit row each). */
  changed: number;
  /** Ids left as they were because they are already closed (resolved, written off, ignored) or unknown. */
  skipped: number[];
}

function checkIds(ids: number[]): number[] {
  const unique = [...new Set(ids)];
  if (unique.length === 0) throw new ValidationError("select at least one discrepancy");
  if (unique.length > MAX_IDS) throw new ValidationError(`at most ${MAX_IDS} discrepancies at once`);
  if (!unique.every((id) => Number.isSafeInteger(id) && id > 0)) throw new ValidationError("invalid discrepancy id");
  return unique;
}

function checkReason(reason: string): string {
  const r = reason.trim();
  if (r.length < 2 || r.length > 500) throw new ValidationError("a reason of 2 to 500 characters is required");
  return r;
}

function checkActor(actor: Actor): string {
  if (!actor.id || !holds(actor.role, "recon.resolve")) throw new ForbiddenError("you may not handle discrepancies");
  return actor.id;
}

/**
 * Closes discrepancies by hand — resolved (the books agree after all, or the difference was settled outside)
 * or written off (accepted as a loss or gain) — with the person's reason. Bulk, one transaction, one audit row
 * per item; items already closed are skipped and reported (never reopened or overwritten), so two people
 * clearing the same selection at once each close only what is still open.
 */
async function close(db: Db, actor: Actor, ids: number[], to: "resolved" | "written_off", reasonText: string, now: Date): Promise<HandlingResult> {
  const userId = checkActor(actor);
  const unique = checkIds(ids);
  const reason = checkReason(reasonText);
  return db.transaction(async (tx) => {
    const before = await tx
      .select({ id: discrepancies.id, status: discrepancies.status })
      .from(discrepancies)
      .where(and(inArray(discrepancies.id, unique), inArray(discrepancies.status, ACTIONABLE)))
      .orderBy(asc(discrepancies.id))
      .for("update");
    const was = new Map(before.map((d) => [d.id, d.status]));
    const rows = before.length
      ? await tx
          .update(discrepancies)
          .set({ status: to, resolution: reason, resolvedAt: now, resolvedBy: userId, repairRule: null, graceUntil: null, updatedAt: now })
          .where(and(inArray(discrepancies.id, [...was.keys()]), inArray(discrepancies.status, ACTIONABLE)))
          .returning({ id: discrepancies.id, type: discrepancies.type, orderNo: discrepancies.orderNo, differenceMinor: discrepancies.differenceMinor, currency: discrepancies.currency })
      : [];
    await writeAudits(
      tx,
      rows.map((r) => ({
        actor,
        entry: {
          action: to === "resolved" ? "discrepancy.resolve" : "discrepancy.write_off",
          entityType: "discrepancy",
          entityId: String(r.id),
          before: { status: was.get(r.id) },
          after: { status: to, reason, type: r.type, orderNo: r.orderNo, differenceMinor: r.differenceMinor, currency: r.currency },
        },
      })),
    );
    const changed = new Set(rows.map((r) => r.id));
    return { changed: rows.length, skipped: unique.filter((id) => !changed.has(id)) };
  });
}

export function resolveDiscrepancies(db: Db, actor: Actor, ids: number[], input: { reason: string }, now: Date = new Date()): Promise<HandlingResult> {
  return close(db, actor, ids, "resolved", input.reason, now);
}

export function writeOffDiscrepancies(db: Db, actor: Actor, ids: number[], input: { reason: string }, now: Date = new Date()): Promise<HandlingResult> {
  return close(db, actor, ids, "written_off", input.reason, now);
}

/**
 * Gives discrepancies to a person who may handle them (holds recon.resolve, enabled), or takes them back
 * (null). Closed items are skipped and reported; an item already with that assignee is not "changed".
 */
export async function assignDiscrepancies(db: Db, actor: Actor, ids: number[], assigneeId: string | null, now: Date = new Date()): Promise<HandlingResult> {
  checkActor(actor);
  const unique = checkIds(ids);
  return db.transaction(async (tx) => {
    if (assigneeId !== null) {
      const [u] = await tx.select({ id: users.id, role: users.role, disabledAt: users.disabledAt }).from(users).where(eq(users.id, assigneeId));
      if (!u) throw new NotFoundError("assignee not found");
      if (u.disabledAt || !holds(u.role, "recon.resolve")) throw new ValidationError("the assignee cannot handle discrepancies (needs finance, ops or admin)");
    }
    const current = await tx
      .select({ id: discrepancies.id, status: discrepancies.status, assigneeId: discrepancies.assigneeId })
      .from(discrepancies)
      .where(inArray(discrepancies.id, unique))
      .orderBy(asc(discrepancies.id))
      .for("update");
    const open = current.filter((d) => ACTIONABLE.includes(d.status));
    const moving = open.filter((d) => d.assigneeId !== assigneeId);
    if (moving.length) {
      await tx.update(discrepancies).set({ assigneeId, updatedAt: now }).where(inArray(discrepancies.id, moving.map((d) => d.id)));
      await writeAudits(
        tx,
        moving.map((d) => ({ actor, entry: { action: "discrepancy.assign", entityType: "discrepancy", entityId: String(d.id), before: { assigneeId: d.assigneeId }, after: { assigneeId } } })),
      );
    }
    const openIds = new Set(open.map((d) => d.id));
    return { changed: moving.length, skipped: unique.filter((id) => !openIds.has(id)) };
  });
}
