import type { DiscrepancyType, RiskLevel } from "./enums";
import type { TicketType } from "./tickets";

/** Types and constants of the KPI dashboard (issue 12); client-safe, no server code. */

/** Chart buckets: an hour, or a business-time-zone calendar day. */
export const KPI_BUCKETS = ["hour", "day"] as const;
export type KpiBucket = (typeof KPI_BUCKETS)[number];

/** Widest range a dashboard query accepts, and widest range that may be bucketed by hour. */
export const KPI_MAX_RANGE_DAYS = 92;
export const KPI_MAX_HOURLY_RANGE_DAYS = 7;

/** A dashboard query over [from, to); provider null = all providers. */
export interface KpiQuery {
  from: Date;
  to: Date;
  provider: string | null;
  bucket: KpiBucket;
}

/** One headline figure; previous = the same-length period just before `from`. Null when there is nothing to measure. */
export interface KpiFigure {
  value: number | null;
  previous: number | null;
}

export interface PaymentKpis {
  /** Rates are 0..1; amounts are minor units of `currency`. */
  figures: Record<"successRate" | "attempts" | "amountMinor" | "callbackDelayP50Ms" | "callbackDelayP95Ms" | "callbackFailureRate" | "fixedByQuery", KpiFigure>;
  successByProvider: { t: Date; provider: string; attempts: number; successes: number }[];
  /** baseline = mean of the same bucket in the 4 previous weeks (null when none of those weeks has data). */
  volume: { t: Date; attempts: number; amountMinor: number; baselineAttempts: number | null; baselineAmountMinor: number | null }[];
  callbacks: { t: Date; callbacks: number; failures: number; p50Ms: number | null; p95Ms: number | null }[];
  fixedByQuery: { t: Date; count: number }[];
  /** "CNY": amounts count business-currency orders only. */
  currency: string;
}

export interface ServiceKpis {
  figures: Record<
    | "complaints"
    | "complaintRate"
    | "ticketsOpened"
    | "ticketsResolved"
    | "backlog"
    | "slaBreaches"
    | "firstResponseMedianS"
    | "handleMedianS"
    | "fcrRate"
    | "refundCount"
    | "refundAmountMinor"
    | "approvalsPending",
    KpiFigure
  >;
  complaints: { t: Date; complaints: number; attempts: number }[];
  tickets: { t: Date; opened: number; resolved: number; backlog: number | null }[];
  sla: { t: Date; breaches: number }[];
  refunds: { t: Date; level: "instant" | "approved"; count: number; amountMinor: number }[];
  /** Tickets opened in range by type (top complaint topics), most first. */
  topics: { type: TicketType; count: number }[];
}

export interface ReconKpis {
  figures: Record<"matchRate" | "discrepancies" | "amountAtRiskMinor" | "autoRepaired" | "manual" | "resolveMedianS" | "oldestOpenAgeS", KpiFigure>;
  /** Per business day of imported statements (YYYY-MM-DD). */
  matchRate: { day: string; lines: number; matched: number }[];
  byTypeRisk: { type: DiscrepancyType; risk: RiskLevel; count: number; amountMinor: number }[];
  resolution: { t: Date; auto: number; manual: number }[];
  oldestOpen: { id: number; type: DiscrepancyType; createdAt: Date } | null;
}

export interface IncidentKpis {
  figures: Record<"count" | "detectMedianS" | "ackMedianS" | "resolveMedianS" | "usersNotified", KpiFigure>;
  items: {
    id: number;
    title: string;
    severity: string;
    provider: string;
    openedAt: Date;
    detectS: number | null;
    ackS: number | null;
    resolveS: number | null;
    usersNotified: number;
  }[];
}

/**
 * Fixed histogram buckets of the rollups (metric_minutes, kpi_hours): bucket i counts values v with
 * bounds[i-1] <= v < bounds[i] (bucket 0 from 0, the last one open-ended), so the array has bounds.length + 1
 * cells. Medians and p95 over any range are read from summed histograms (server/kpi/histogram.ts), never from
 * raw rows. Changing a list needs a backfill (rollupKpis with `from`).
 */
export const CALLBACK_DELAY_BOUNDS_MS = [100, 250, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000] as const;
/** Durations in seconds: first response, handle time, time to resolve a discrepancy. */
export const DURATION_BOUNDS_S = [60, 300, 600, 900, 1_800, 3_600, 7_200, 14_400, 28_800, 86_400, 172_800, 345_600, 604_800] as const;
