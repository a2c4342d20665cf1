import "server-only";
import { desc, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alertSilences } from "@/db/schema";
import type { SilenceKind } from "@/lib/alerts";

export interface SilenceView {
  id: number;
  kind: SilenceKind;
  matchers: Partial<Record<"ruleKey" | "metric" | "provider" | "severity", string>>;
  startsAt: Date;
  endsAt: Date;
  comment: string | null;
  createdBy: string | null;
  active: boolean;
}

/** Silences and maintenance windows, latest end first; `active` only those in force now (or, false, the others). */
export async function listSilences(db: Db, opts: { active?: boolean } = {}, now = new Date()): Promise<SilenceView[]> {
  const nowSql = sql`${now.toISOString()}::timestamptz`;
  const where =
    opts.active === true ? sql`${alertSilences.startsAt} <= ${nowSql} AND ${alertSilences.endsAt} > ${nowSql}`
    : opts.active === false ? sql`NOT (${alertSilences.startsAt} <= ${nowSql} AND ${alertSilences.endsAt} > ${nowSql})`
    : undefined;
  const rows = await db.select().from(alertSilences).where(where).orderBy(desc(alertSilences.endsAt), desc(alertSilences.id)).limit(500);
  return rows.map((s) => ({
    id: s.id, kind: s.kind, matchers: s.matchers, startsAt: s.startsAt, endsAt: s.endsAt, comment: s.comment, createdBy: s.createdBy,
    active: s.startsAt.getTime() <= now.getTime() && s.endsAt.getTime() > now.getTime(),
  }));
}
