import "server-only";
import type { Observation, RuleState } from "./types";

export type Transition = "none" | "pending" | "fired" | "resolved" | "cancelled";

/**
 * One minute of a rule's state machine for one scope (Prometheus `for:` plus hysteresis):
 * inactive → pending on the first breach → firing after `pendingMinutes` more consecutive breaches;
 * a pending rule that stops breaching is cancelled; a firing one resolves after `resolveMinutes`
 * consecutive clear minutes. A minute not judged (thin traffic) changes nothing; one inside the
 * hysteresis band holds the alert and restarts the count of clear minutes.
 */
export function stepRule(
  rule: { pendingMinutes: number; resolveMinutes: number },
  prev: RuleState,
  obs: Observation,
  ts: number,
): { state: RuleState; transition: Transition } {
  if (prev.phase === "inactive") {
    if (!obs.breach) return { state: prev, transition: "none" };
    if (rule.pendingMinutes <= 0) return { state: { phase: "firing", onsetTs: ts, firedTs: ts, breachStreak: 1, clearStreak: 0 }, transition: "fired" };
    return { state: { phase: "pending", onsetTs: ts, firedTs: null, breachStreak: 1, clearStreak: 0 }, transition: "pending" };
  }
  if (prev.phase === "pending") {
    if (!obs.breach) return { state: { phase: "inactive", onsetTs: null, firedTs: null, breachStreak: 0, clearStreak: 0 }, transition: "cancelled" };
    const breachStreak = prev.breachStreak + 1;
    if (breachStreak > rule.pendingMinutes) return { state: { ...prev, phase: "firing", firedTs: ts, breachStreak, clearStreak: 0 }, transition: "fired" };
    return { state: { ...prev, breachStreak }, transition: "none" };
  }
  if (obs.breach) return { state: { ...prev, breachStreak: prev.breachStreak + 1, clearStreak: 0 }, transition: "none" };
  if (!obs.judged) return { state: prev, transition: "none" };
  if (!obs.clear) return { state: { ...prev, clearStreak: 0 }, transition: "none" };
  const clearStreak = prev.clearStreak + 1;
  if (clearStreak >= Math.max(1, rule.resolveMinutes)) {
    return { state: { phase: "inactive", onsetTs: null, firedTs: null, breachStreak: 0, clearStreak: 0 }, transition: "resolved" };
  }
  return { state: { ...prev, clearStreak }, transition: "none" };
}
