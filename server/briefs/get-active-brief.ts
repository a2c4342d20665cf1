import "server-only";
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { briefs, incidents, type BriefRow } from "@/db/schema";

export interface ActiveBrief {
  incidentId: number;
  scriptIds: number[];
  version: number;
}

/**
 * The brief every agent's desk shows: a pinned brief of an open incident, else the brief of the newest open
 * incident that has one. A resolved incident's brief is never active (its advice is stale).
 */
export async function loadActiveBriefRow(db: Db): Promise<BriefRow | null> {
  const [row] = await db
    .select({ brief: briefs })
    .from(briefs)
    .innerJoin(incidents, eq(incidents.id, briefs.incidentId))
    .where(and(eq(incidents.status, "open")))
    .orderBy(desc(briefs.pinned), desc(incidents.openedAt), desc(incidents.id))
    .limit(1);
  return row?.brief ?? null;
}

/** The active brief in short, for other domains (script suggestions read its scriptIds). */
export async function getActiveBrief(db: Db): Promise<ActiveBrief | null> {
  const row = await loadActiveBriefRow(db);
  return row ? { incidentId: row.incidentId, scriptIds: row.content.scriptIds, version: row.version } : null;
}
