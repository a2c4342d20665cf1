import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { statusNotices, statusNoticeUpdates } from "@/db/schema";
import { isClosingStatus, statusesFor, type Localized, type NoticeComponent, type NoticeStatus } from "@/lib/status";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { appendIncidentEvent } from "@/server/incidents/append-incident-event";
import { ConflictError, NotFoundError, ValidationError } from "@/server/lib/errors";
import { assertComponents } from "./publish-notice";
import { refreshStatusSnapshot } from "./status-snapshot";

export interface PostUpdateInput {
  id: number;
  status: NoticeStatus;
  body: Localized;
  components?: NoticeComponent[];
}

/**
 * status.postUpdate: the next entry of a notice's timeline. A closing status (resolved / completed) closes
 * the notice and returns its components to operational. Conditional on the notice being open, so two ops
 * resolving at once end with one resolution and the other told so. Returns the notice's id and the update's.
 */
export async function postNoticeUpdate(db: Db, input: PostUpdateInput, actor: Actor, opts: { now?: Date } = {}): Promise<{ id: number; updateId: number }> {
  const now = opts.now ?? new Date();
  const updateId = await db.transaction(async (tx) => {
    const [notice] = await tx.select().from(statusNotices).where(eq(statusNotices.id, input.id));
    if (!notice) throw new NotFoundError("notice not found");
    if (!statusesFor(notice.kind).includes(input.status)) throw new ValidationError(`status ${input.status} is not one of a ${notice.kind}'s`);
    const closing = isClosingStatus(input.status);
    const given = input.components ?? notice.components;
    if (input.components) await assertComponents(tx, input.components);
    const components: NoticeComponent[] = closing ? given.map((c) => ({ key: c.key, state: "operational" })) : given;
    const [updated] = await tx
      .update(statusNotices)
      .set({ status: input.status, body: input.body, components, resolvedAt: closing ? now : null, updatedAt: now })
      .where(and(eq(statusNotices.id, input.id), isNull(statusNotices.resolvedAt)))
      .returning({ id: statusNotices.id });
    if (!updated) throw new ConflictError("this notice is already closed");
    const [row] = await tx.insert(statusNoticeUpdates).values({ noticeId: notice.id, status: input.status, body: input.body, components, at: now, by: actor.label }).returning({ id: statusNoticeUpdates.id });
    await writeAudit(tx, actor, {
      action: closing ? "status.resolve" : "status.update",
      entityType: "status_notice",
      entityId: String(notice.id),
      before: { status: notice.status, components: notice.components },
      after: { status: input.status, components },
    });
    if (notice.incidentId !== null) await appendIncidentEvent(tx, notice.incidentId, "status_notice", actor.label, { noticeId: notice.id, status: input.status, automatic: false }, now);
    return row!.id;
  });
  await refreshStatusSnapshot(db);
  return { id: input.id, updateId };
}
