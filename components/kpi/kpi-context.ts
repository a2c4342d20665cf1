"use client";

import { createContext, useContext } from "react";
import type { KpiBucket, KpiQuery } from "@/lib/kpi";
import type { KpiParams } from "./kpi-params";

/** The lists a drill-down may open, as far as the viewer may read them (the page asks the server's permissions). */
export const DRILL_TARGETS = ["orders", "callbacks", "tickets", "refunds", "discrepancies", "incidents", "notices"] as const;
export type DrillTarget = (typeof DRILL_TARGETS)[number];
export type DrillAccess = Record<DrillTarget, boolean>;

/** What every section needs: the URL state, the query it sends, and the file-name stem of its exports. */
export interface KpiContextValue {
  params: KpiParams;
  input: KpiQuery;
  /** "kpi-2026-11-20_2026-11-26-alipay": CSV names say what range they hold. */
  fileStem: string;
  singleDay: boolean;
  /** `href` when the viewer may open that list, else undefined (no link to a 403 page). */
  link: (target: DrillTarget, href: string) => string | undefined;
  /** As `link`, narrowed to the dashboard's whole range (`?from=&to=`, lib/list-range.ts): figure cards, "open list". */
  inRange: (target: DrillTarget, href: string) => string | undefined;
  /** As `link`, narrowed to the one chart bucket starting at `start` (the dashboard's bucket unless given). */
  inBucket: (target: DrillTarget, href: string, start: number, bucket?: KpiBucket) => string | undefined;
}

export const KpiContext = createContext<KpiContextValue | null>(null);

export function useKpi(): KpiContextValue {
  const v = useContext(KpiContext);
  if (!v) throw new Error("useKpi outside <KpiContext>");
  return v;
}
