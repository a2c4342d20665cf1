import "server-only";
/**
 * Delay before attempt `attempt + 1`, given that attempt number `attempt` (1-based) just failed.
 * Full schedule step with ±20% jitter so a burst of failures does not retry in lockstep.
 */
export function nextDelay(schedule: readonly number[], attempt: number, random: () => number = Math.random): number {
  if (schedule.length === 0) return 0;
  const base = schedule[Math.min(attempt - 1, schedule.length - 1)]!;
  const jitter = base * 0.2 * (random() * 2 - 1);
  return Math.max(0, Math.round(base + jitter));
}
