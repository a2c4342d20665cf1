import "server-only";
import type { StatusNoticeRow, StatusNoticeUpdateRow } from "@/db/schema";
import type { Localized, NoticeComponent, NoticeKind, NoticeSeverity, NoticeStatus } from "@/lib/status";

/** A notice as the console and the public page see it (api.md NoticeView). */
export interface NoticeView {
  id: number;
  incidentId: number | null;
  kind: NoticeKind;
  severity: NoticeSeverity;
  status: NoticeStatus;
  title: Localized;
  body: Localized;
  components: NoticeComponent[];
  automatic: boolean;
  scheduledFor: Date | null;
  scheduledUntil: Date | null;
  startedAt: Date;
  resolvedAt: Date | null;
  updatedAt: Date;
  createdBy: string;
}

export interface UpdateView {
  id: number;
  status: NoticeStatus;
  body: Localized;
  components: NoticeComponent[];
  at: Date;
  by: string;
}

export const toNoticeView = (r: StatusNoticeRow): NoticeView => ({
  id: r.id,
  incidentId: r.incidentId,
  kind: r.kind,
  severity: r.severity,
  status: r.status,
  title: r.title,
  body: r.body,
  components: r.components,
  automatic: r.automatic,
  scheduledFor: r.scheduledFor,
  scheduledUntil: r.scheduledUntil,
  startedAt: r.startedAt,
  resolvedAt: r.resolvedAt,
  updatedAt: r.updatedAt,
  createdBy: r.createdBy,
});

export const toUpdateView = (r: StatusNoticeUpdateRow): UpdateView => ({ id: r.id, status: r.status, body: r.body, components: r.components, at: r.at, by: r.by });
