import { getDb } from "@/db/client";
import { getSessionUser } from "@/server/auth/get-session-user";
import { exportDiscrepancyReport } from "./handler";

export const dynamic = "force-dynamic";

/** The workbench's "Export CSV / XLSX" (handler.ts): the same filters as the list, recon.export, audited. */
export async function GET(req: Request): Promise<Response> {
  return exportDiscrepancyReport(req, await getSessionUser(), await getDb());
}
