import { Readable } from "node:stream";
import type { Db } from "@/db/client";
import { isLocale, LOCALE_COOKIE, pickLocale } from "@/lib/i18n/locale";
import { discrepancyFilterInput, toDiscrepancyFilters } from "@/server/api/routers/discrepancy";
import { writeAudit } from "@/server/audit/write-audit";
import { holds } from "@/server/auth/permissions";
import type { SignedInUser } from "@/server/auth/sign-in";
import { discrepancyReportCsv, discrepancyReportRows, discrepancyReportXlsx } from "@/server/discrepancies/export-discrepancies";
import { getEnv } from "@/server/env";
import { ForbiddenError, UnauthorizedError, ValidationError } from "@/server/lib/errors";
import { errorResponse, requestIdOf } from "@/server/lib/http";

const NUMERIC = new Set(["amountMinMinor", "amountMaxMinor"]);

function cookie(req: Request, name: string): string | undefined {
  const raw = req.headers.get("cookie") ?? "";
  const hit = raw.split(/;\s*/).find((c) => c.startsWith(`${name}=`));
  return hit ? decodeURIComponent(hit.slice(name.length + 1)) : undefined;
}

/**
 * GET /api/recon/export?format=csv|xlsx&<the workbench filters>: the discrepancy report as the list shows it.
 * A data egress: the signed-in user must hold recon.export (checked here, on the server), and every export
 * is audited with its filters before the first byte leaves.
 */
export async function exportDiscrepancyReport(req: Request, user: SignedInUser | null, db: Db): Promise<Response> {
  const requestId = requestIdOf(req);
  try {
    if (!user) throw new UnauthorizedError("sign in first");
    if (!holds(user, "recon.export")) throw new ForbiddenError("recon.export required");
    const params = new URL(req.url).searchParams;
    const format = params.get("format") ?? "csv";
    if (format !== "csv" && format !== "xlsx") throw new ValidationError("format must be csv or xlsx");
    const raw: Record<string, unknown> = {};
    for (const [k, v] of params) if (k !== "format" && v !== "") raw[k] = NUMERIC.has(k) ? Number(v) : v;
    const parsed = discrepancyFilterInput.safeParse(raw);
    if (!parsed.success) throw new ValidationError("invalid filters", { issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) });
    const filters = toDiscrepancyFilters(parsed.data, user.id);
    const timeZone = getEnv().BUSINESS_TIMEZONE;
    const preferred = cookie(req, LOCALE_COOKIE);
    const locale = isLocale(preferred) ? preferred : isLocale(user.locale) ? user.locale : pickLocale(undefined, req.headers.get("accept-language"));

    await writeAudit(db, { id: user.id, label: user.email, role: user.role, requestId }, { action: "discrepancy.export", entityType: "discrepancy_report", entityId: format, after: { format, filters: parsed.data } });

    const rows = discrepancyReportRows(db, filters);
    const stamp = new Intl.DateTimeFormat("sv-SE", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date()).replaceAll("-", "");
    const body = format === "csv" ? discrepancyReportCsv(rows, { locale, timeZone }) : discrepancyReportXlsx(rows, { locale, timeZone });
    return new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, {
      headers: {
        "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "content-disposition": `attachment; filename="discrepancies-${stamp}.${format}"`,
        "cache-control": "private, no-store",
        "x-request-id": requestId,
      },
    });
  } catch (e) {
    return errorResponse(e, requestId);
  }
}
