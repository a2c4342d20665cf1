import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { ALL_PROVIDERS, complaintCounts } from "@/db/schema";
import type { Provider } from "@/lib/enums";
import { floorMinute } from "./rollup-metrics";

/**
 * Counts payment complaints (until tickets and the self-service form exist, their callers use this).
 * A complaint not tied to a provider counts in the overall metrics only.
 */
export async function recordComplaint(db: Db, opts: { provider?: Provider; at?: Date; count?: number } = {}): Promise<void> {
  const count = opts.count ?? 1;
  if (!Number.isInteger(count) || count < 1) throw new RangeError("count must be a positive integer");
  await db
    .insert(complaintCounts)
    .values({ minute: floorMinute(opts.at ?? new Date()), provider: opts.provider ?? ALL_PROVIDERS, count })
    .onConflictDoUpdate({ target: [complaintCounts.minute, complaintCounts.provider], set: { count: sql`${complaintCounts.count} + ${count}`, updatedAt: new Date() } });
}
