import { DISCREPANCY_STATUSES, DISCREPANCY_TYPES, PROVIDERS, RISK_LEVELS, type DiscrepancyStatus, type DiscrepancyType, type Provider, type RiskLevel } from "@/lib/enums";
import { parseMajorToMinor } from "@/lib/money";

/** The workbench's filters as the URL carries them (amounts in major units, as typed). */
export interface WorkbenchFilters {
  status: DiscrepancyStatus | "all";
  type?: DiscrepancyType;
  risk?: RiskLevel;
  provider?: Provider;
  dateFrom?: string;
  dateTo?: string;
  amountMin?: string;
  amountMax?: string;
  /** "me", "nobody" or a user id. */
  assignee?: string;
  q?: string;
}

export const NO_FILTERS: WorkbenchFilters = { status: "open" };

type Params = Record<string, string | string[] | undefined>;
const one = (p: Params, k: string): string | undefined => {
  const v = p[k];
  const s = Array.isArray(v) ? v[0] : v;
  return s && s.length <= 128 ? s : undefined;
};
const oneOf = <T extends string>(values: readonly T[], v: string | undefined): T | undefined => (values as readonly string[]).includes(v ?? "") ? (v as T) : undefined;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const AMOUNT = /^\d{1,12}(\.\d{1,2})?$/;
const ASSIGNEE = /^(me|nobody|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** From the page's search params (unknown or malformed values are dropped). */
export function filtersFromParams(p: Params): WorkbenchFilters {
  const day = (k: string) => (DAY.test(one(p, k) ?? "") ? one(p, k) : undefined);
  const amount = (k: string) => (AMOUNT.test(one(p, k) ?? "") ? one(p, k) : undefined);
  return {
    status: oneOf([...DISCREPANCY_STATUSES, "all"] as const, one(p, "status")) ?? "open",
    type: oneOf(DISCREPANCY_TYPES, one(p, "type")),
    risk: oneOf(RISK_LEVELS, one(p, "risk")),
    provider: oneOf(PROVIDERS, one(p, "provider")),
    dateFrom: day("from"),
    dateTo: day("to"),
    amountMin: amount("min"),
    amountMax: amount("max"),
    assignee: ASSIGNEE.test(one(p, "assignee") ?? "") ? one(p, "assignee") : undefined,
    q: one(p, "q")?.trim() || undefined,
  };
}

/** To a query string (defaults left out), for router.replace and shared links. */
export function filtersToParams(f: WorkbenchFilters): URLSearchParams {
  const out = new URLSearchParams();
  const put = (k: string, v: string | undefined) => v && out.set(k, v);
  if (f.status !== "open") out.set("status", f.status);
  put("type", f.type);
  put("risk", f.risk);
  put("provider", f.provider);
  put("from", f.dateFrom);
  put("to", f.dateTo);
  put("min", f.amountMin);
  put("max", f.amountMax);
  put("assignee", f.assignee);
  put("q", f.q);
  return out;
}

// Amount bounds are typed in major units with two decimals (CNY, USD, EUR…): the list mixes currencies, and
// the bound applies to the minor units of each item's own currency.
const toMinor = (v: string | undefined) => (v && AMOUNT.test(v) ? parseMajorToMinor(v, "CNY") : undefined);

/** The discrepancy.list filters (and the export's query) for a UI state. */
export function filterInput(f: WorkbenchFilters) {
  return {
    status: f.status,
    type: f.type,
    risk: f.risk,
    provider: f.provider,
    dateFrom: f.dateFrom,
    dateTo: f.dateTo,
    amountMinMinor: toMinor(f.amountMin),
    amountMaxMinor: toMinor(f.amountMax),
    assignee: f.assignee as "me" | "nobody" | undefined,
    q: f.q,
  };
}

/** The list input for a given UI state; the server page prefetches the first page with the same shape. */
export function discrepanciesInput(f: WorkbenchFilters, cursor?: string) {
  return { ...filterInput(f), cursor, limit: 50 };
}

/** GET /api/recon/export with the same filters. */
export function exportHref(f: WorkbenchFilters, format: "csv" | "xlsx"): string {
  const q = new URLSearchParams({ format });
  for (const [k, v] of Object.entries(filterInput(f))) if (v !== undefined && v !== "") q.set(k, String(v));
  return `/api/recon/export?${q.toString()}`;
}
