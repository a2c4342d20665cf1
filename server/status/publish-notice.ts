import "server-only";
import { eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { incidents, statusComponents, statusNotices, statusNoticeUpdates } from "@/db/schema";
import { isClosingStatus, statusesFor, type Localized, type NoticeComponent, type NoticeKind, type NoticeSeverity, type NoticeStatus } from "@/lib/status";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { appendIncidentEvent } from "@/server/incidents/append-incident-event";
import { NotFoundError, ValidationError } from "@/server/lib/errors";
import { ensureStatusComponents } from "./ensure-status-components";
import { refreshStatusSnapshot } from "./status-snapshot";

export interface PublishNoticeInput {
  incidentId?: number;
  kind: NoticeKind;
  severity: NoticeSeverity;
  status: NoticeStatus;
  title: Localized;
  body: Localized;
  components: NoticeComponent[];
  scheduledFor?: Date;
  scheduledUntil?: Date;
  templateKey?: string;
}

/** Component keys a notice may name: the seeded/edited ones. */
export async function assertComponents(tx: Db, components: readonly NoticeComponent[]): Promise<void> {
  const keys = [...new Set(components.map((c) => c.key))];
  if (keys.length !== components.length) throw new ValidationError("a component is listed twice");
  if (keys.length === 0) return;
  const found = await tx.select({ key: statusComponents.key }).from(statusComponents).where(inArray(statusComponents.key, keys));
  const missing = keys.filter((k) => !found.some((f) => f.key === k));
  if (missing.length > 0) throw new ValidationError(`unknown component: ${missing.join(", ")}`);
}

function validate(input: PublishNoticeInput): void {
  if (!statusesFor(input.kind).includes(input.status)) throw new ValidationError(`status ${input.status} is not one of a ${input.kind}'s`);
  if (isClosingStatus(input.status)) throw new ValidationError("a notice is published open; post the resolution as an update");
  if (input.components.length === 0) throw new ValidationError("name at least one component");
  if (input.kind === "maintenance") {
    if (!input.scheduledFor || !input.scheduledUntil) throw new ValidationError("a maintenance needs its start and end");
    if (input.scheduledUntil <= input.scheduledFor) throw new ValidationError("a maintenance ends after it starts");
  } else if (input.scheduledFor || input.scheduledUntil) {
    throw new ValidationError("only a maintenance is scheduled");
  }
}

/**
 * Writes a notice, its first update, its audit row and (when it belongs to an incident) the incident's
 * timeline event, in the caller's transaction. `automatic` notices are unique per incident: when one
 * exists already this returns null and writes nothing (two evaluations racing end with one notice).
 */
export async function insertNotice(tx: Db, input: PublishNoticeInput, actor: Actor, opts: { automatic?: boolean; now?: Date } = {}): Promise<number | null> {
  validate(input);
  const now = opts.now ?? new Date();
  const automatic = opts.automatic ?? false;
  await ensureStatusComponents(tx);
  await assertComponents(tx, input.components);
  if (input.incidentId !== undefined) {
    const [incident] = await tx.select({ id: incidents.id }).from(incidents).where(eq(incidents.id, input.incidentId));
    if (!incident) throw new NotFoundError("incident not found");
  }
  const [notice] = await tx
    .insert(statusNotices)
    .values({
      incidentId: input.incidentId ?? null,
      kind: input.kind,
      severity: input.severity,
      status: input.status,
      title: input.title,
      body: input.body,
      components: input.components,
      automatic,
      templateKey: input.templateKey ?? null,
      scheduledFor: input.scheduledFor ?? null,
      scheduledUntil: input.scheduledUntil ?? null,
      startedAt: now,
      createdBy: actor.label,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({ target: statusNotices.incidentId, where: sql`${statusNotices.automatic}` })
    .returning({ id: statusNotices.id });
  if (!notice) return null;
  await tx.insert(statusNoticeUpdates).values({ noticeId: notice.id, status: input.status, body: input.body, components: input.components, at: now, by: actor.label });
  await writeAudit(tx, actor, {
    action: "status.publish",
    entityType: "status_notice",
    entityId: String(notice.id),
    after: { kind: input.kind, severity: input.severity, status: input.status, title: input.title, components: input.components, incidentId: input.incidentId ?? null, automatic },
  });
  if (input.incidentId !== undefined) await appendIncidentEvent(tx, input.incidentId, "status_notice", actor.label, { noticeId: notice.id, status: input.status, automatic }, now);
  return notice.id;
}

/** status.publish: a notice goes up on the public page (and the banner) at once in this process. */
export async function publishNotice(db: Db, input: PublishNoticeInput, actor: Actor, opts: { now?: Date } = {}): Promise<{ id: number }> {
  const id = await db.transaction((tx) => insertNotice(tx, input, actor, { now: opts.now }));
  await refreshStatusSnapshot(db);
  return { id: id! };
}
