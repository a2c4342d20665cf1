import "server-only";
import { desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { reportDeliveries, reports, users, type ReportRow } from "@/db/schema";
import { NotFoundError } from "@/server/lib/errors";

/** One report with its snapshot and its e-mail deliveries log (newest first). */
export async function getReport(db: Db, id: number): Promise<ReportRow & { deliveries: { id: number; email: string; status: string; error: string | null; sentAt: Date | null; createdAt: Date }[] }> {
  const [row] = await db.select().from(reports).where(eq(reports.id, id));
  if (!row) throw new NotFoundError(`report ${id}`);
  const deliveries = await db
    .select({ id: reportDeliveries.id, email: users.email, status: reportDeliveries.status, error: reportDeliveries.error, sentAt: reportDeliveries.sentAt, createdAt: reportDeliveries.createdAt })
    .from(reportDeliveries)
    .innerJoin(users, eq(users.id, reportDeliveries.userId))
    .where(eq(reportDeliveries.reportId, id))
    .orderBy(desc(reportDeliveries.id))
    .limit(100);
  return { ...row, deliveries };
}
