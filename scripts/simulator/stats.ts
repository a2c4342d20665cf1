export interface SimulatorStats {
  ordersCreated: number;
  ordersRejected: number;
  orderErrors: number;
  paid: number;
  closed: number;
  failed: number;
  amountMismatches: number;
  /** Callbacks the provider meant to send (one per payment outcome, counting duplicate copies). */
  callbacksPlanned: number;
  callbackAttempts: number;
  answered2xx: number;
  answered4xx: number;
  answered5xx: number;
  answeredOther: number;
  networkErrors: number;
  retries: number;
  gaveUp: number;
  suppressedByOutage: number;
  withheld: number;
  abandonedAtStop: number;
}

export function emptyStats(): SimulatorStats {
  return {
    ordersCreated: 0, ordersRejected: 0, orderErrors: 0, paid: 0, closed: 0, failed: 0, amountMismatches: 0,
    callbacksPlanned: 0, callbackAttempts: 0, answered2xx: 0, answered4xx: 0, answered5xx: 0, answeredOther: 0,
    networkErrors: 0, retries: 0, gaveUp: 0, suppressedByOutage: 0, withheld: 0, abandonedAtStop: 0,
  };
}

export function formatProgress(s: SimulatorStats, elapsedMs: number, pending: number): string {
  return (
    `[simulate +${Math.round(elapsedMs / 1000)}s] orders ${s.ordersCreated} (refused ${s.ordersRejected + s.orderErrors}) ` +
    `paid ${s.paid} closed ${s.closed} failed ${s.failed} | callbacks sent ${s.callbackAttempts}: ` +
    `2xx ${s.answered2xx} 4xx ${s.answered4xx} 5xx ${s.answered5xx} err ${s.networkErrors} | ` +
    `retries ${s.retries} withheld ${s.withheld + s.suppressedByOutage} pending ${pending}`
  );
}

export function formatSummary(s: SimulatorStats, scenario: string, elapsedMs: number): string {
  return [
    `simulate: scenario ${scenario}, ${Math.round(elapsedMs / 1000)}s`,
    `  orders:    ${s.ordersCreated} created, ${s.ordersRejected} refused (4xx), ${s.orderErrors} errors (5xx/network)`,
    `  outcomes:  ${s.paid} paid, ${s.closed} closed, ${s.failed} failed; ${s.amountMismatches} charged a different amount`,
    `  callbacks: ${s.callbacksPlanned} planned, ${s.callbackAttempts} sent (incl. ${s.retries} retries)`,
    `  answered:  ${s.answered2xx} 2xx, ${s.answered4xx} 4xx, ${s.answered5xx} 5xx, ${s.answeredOther} other, ${s.networkErrors} network errors`,
    `  not sent:  ${s.suppressedByOutage} during the outage, ${s.withheld} withheld on purpose, ${s.gaveUp} given up after retries, ${s.abandonedAtStop} abandoned at stop`,
  ].join("\n");
}
