import "server-only";
import type { Db } from "@/db/client";

/** Demo seed — H3 (issue 12): two past incidents with completed reviews and one in draft. Called by seedDemoData (server/demo/seed-demo-data.ts). */
export async function seedDemoReviews(_db: Db, _opts: { now: Date }): Promise<void> {
  // stub: filled in by its owner
}
