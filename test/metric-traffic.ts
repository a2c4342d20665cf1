import type { Db } from "@/db/client";
import { metricMinutes } from "@/db/schema";

/** One provider's healthy minute of rollups: 30 attempts, 28 paid, every callback on time. */
export const HEALTHY_MINUTE = { attempts: 30, successes: 28, users: 30, callbacks: 30, callbackFailures: 0, callbacksMissing: 0, callbackDelayP50Ms: 900, callbackDelayP95Ms: 1_800, amountMinor: 60_000 };
/** The same minute with every notification missing (a callback outage). */
export const OUTAGE_MINUTE = { ...HEALTHY_MINUTE, successes: 0, callbacks: 0, callbacksMissing: 30, callbackDelayP50Ms: null, callbackDelayP95Ms: null };

/**
 * Rollups for minutes [from, to) (minute m at `at(m)`): alipay healthy, sandbox as given, and the overall ("*")
 * row their sum — what the alert tests evaluate without driving callbacks.
 */
export async function insertTraffic(db: Db, at: (m: number) => Date, from: number, to: number, sandbox: typeof HEALTHY_MINUTE | typeof OUTAGE_MINUTE): Promise<void> {
  const healthy = HEALTHY_MINUTE;
  const rows = [];
  for (let m = from; m < to; m++) {
    rows.push({ minute: at(m), provider: "sandbox", ...sandbox });
    rows.push({ minute: at(m), provider: "alipay", ...healthy });
    rows.push({
      minute: at(m), provider: "*", ...healthy, attempts: 60, users: 60, amountMinor: 120_000,
      successes: healthy.successes + sandbox.successes, callbacks: healthy.callbacks + sandbox.callbacks, callbacksMissing: sandbox.callbacksMissing,
    });
  }
  await db.insert(metricMinutes).values(rows);
}
