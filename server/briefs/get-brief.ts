import "server-only";
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { briefConfirmations, briefs, briefVersions, incidents, type BriefRow } from "@/db/schema";
import type { BriefContent } from "@/lib/briefs";
import { NotFoundError } from "@/server/lib/errors";
import { loadActiveBriefRow } from "./get-active-brief";

export interface BriefView {
  id: number;
  incidentId: number;
  incidentTitle: string;
  provider: string;
  version: number;
  brief: BriefContent;
  pinned: boolean;
  updatedBy: string;
  updatedAt: Date;
  /** When the viewer confirmed this version; null: not yet (the desk asks). */
  confirmedAt: Date | null;
}

async function view(db: Db, row: BriefRow, userId: string | null): Promise<BriefView> {
  const [incident] = await db.select({ title: incidents.title, provider: incidents.provider }).from(incidents).where(eq(incidents.id, row.incidentId));
  const [mine] = userId
    ? await db
        .select({ at: briefConfirmations.confirmedAt })
        .from(briefConfirmations)
        .where(and(eq(briefConfirmations.briefId, row.id), eq(briefConfirmations.version, row.version), eq(briefConfirmations.userId, userId)))
    : [];
  return {
    id: row.id,
    incidentId: row.incidentId,
    incidentTitle: incident?.title ?? "",
    provider: incident?.provider ?? "*",
    version: row.version,
    brief: row.content,
    pinned: row.pinned,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt,
    confirmedAt: mine?.at ?? null,
  };
}

/** The active brief as the viewer sees it (desk banner), or null when no open incident is briefed. */
export async function getActiveBriefView(db: Db, userId: string | null): Promise<BriefView | null> {
  const row = await loadActiveBriefRow(db);
  return row ? view(db, row, userId) : null;
}

export interface IncidentBrief {
  /** The incident's provider scope: the default brief a new one starts from names it. */
  provider: string;
  brief: BriefView | null;
  /** Who confirmed the current version, earliest first. */
  confirmations: { userLabel: string; confirmedAt: Date }[];
  history: { version: number; savedBy: string; savedAt: Date }[];
}

/** An incident's brief for the incident page: the text, who confirmed the current version, the version history. */
export async function getIncidentBrief(db: Db, incidentId: number, userId: string | null): Promise<IncidentBrief> {
  const [incident] = await db.select({ provider: incidents.provider }).from(incidents).where(eq(incidents.id, incidentId));
  if (!incident) throw new NotFoundError("incident not found");
  const [row] = await db.select().from(briefs).where(eq(briefs.incidentId, incidentId));
  if (!row) return { provider: incident.provider, brief: null, confirmations: [], history: [] };
  const [brief, confirmations, history] = await Promise.all([
    view(db, row, userId),
    db
      .select({ userLabel: briefConfirmations.userLabel, confirmedAt: briefConfirmations.confirmedAt })
      .from(briefConfirmations)
      .where(and(eq(briefConfirmations.briefId, row.id), eq(briefConfirmations.version, row.version)))
      .orderBy(briefConfirmations.confirmedAt),
    db
      .select({ version: briefVersions.version, savedBy: briefVersions.savedBy, savedAt: briefVersions.savedAt })
      .from(briefVersions)
      .where(eq(briefVersions.briefId, row.id))
      .orderBy(desc(briefVersions.version))
      .limit(50),
  ]);
  return { provider: incident.provider, brief, confirmations, history };
}
