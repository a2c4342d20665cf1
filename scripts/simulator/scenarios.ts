export const SCENARIOS = ["normal", "callback-outage", "slow-callbacks", "duplicates", "amount-mismatch", "missing-callbacks"] as const;
export type Scenario = (typeof SCENARIOS)[number];

export function isScenario(value: string): value is Scenario {
  return (SCENARIOS as readonly string[]).includes(value);
}

/** How each scenario bends the sandbox provider's behaviour. Delays in ms after the payment. */
export interface ScenarioPlan {
  callbackDelayMs: readonly [number, number];
  /** Fraction of the run (start, end) during which no callback is sent at all. */
  outageWindow: readonly [number, number] | null;
  copies: readonly [number, number];
  amountMismatchRate: number;
  missingCallbackRate: number;
}

export function planFor(scenario: Scenario): ScenarioPlan {
  const base: ScenarioPlan = { callbackDelayMs: [200, 2_000], outageWindow: null, copies: [1, 1], amountMismatchRate: 0, missingCallbackRate: 0 };
  switch (scenario) {
    case "normal":
      return base;
    case "callback-outage":
      return { ...base, outageWindow: [0.25, 0.75] };
    case "slow-callbacks":
      return { ...base, callbackDelayMs: [30_000, 180_000] };
    case "duplicates":
      return { ...base, copies: [2, 4] };
    case "amount-mismatch":
      return { ...base, amountMismatchRate: 0.05 };
    case "missing-callbacks":
      return { ...base, missingCallbackRate: 0.2 };
  }
}
