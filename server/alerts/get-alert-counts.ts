import "server-only";
import { ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alerts } from "@/db/schema";

/** Open alerts by status, for the navigation badge and the console header. */
export async function getAlertCounts(db: Db): Promise<{ firing: number; acknowledged: number; pending: number }> {
  const rows = await db.select({ status: alerts.status, n: sql<number>`count(*)::int` }).from(alerts).where(ne(alerts.status, "resolved")).groupBy(alerts.status);
  const of = (s: string) => rows.find((r) => r.status === s)?.n ?? 0;
  return { firing: of("firing"), acknowledged: of("acknowledged"), pending: of("pending") };
}
