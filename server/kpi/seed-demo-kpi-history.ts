import "server-only";
import type { Db } from "@/db/client";

/** Demo seed — H1 (issue 12): 30 days of raw history pushed through the same rollups the portal runs. Called by seedDemoData (server/demo/seed-demo-data.ts). */
export async function seedDemoKpiHistory(_db: Db, _opts: { now: Date }): Promise<void> {
  // stub: filled in by its owner
}
