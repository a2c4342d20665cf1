const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "30s" → 30000. Accepts ms, s, m, h, d and plain integers as milliseconds. */
export function parseDuration(text: string): number {
  const m = /^\s*(\d+)\s*(ms|s|m|h|d)?\s*$/.exec(text);
  if (!m) throw new Error(`invalid duration "${text}" (expected e.g. 500ms, 30s, 5m, 1h, 1d)`);
  return Number(m[1]) * UNITS[m[2] ?? "ms"]!;
}

/** "10s,30s,1m" → [10000, 30000, 60000]. An empty string is an empty schedule. */
export function parseSchedule(text: string): number[] {
  if (text.trim() === "") return [];
  return text.split(",").map((part) => parseDuration(part));
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  if (ms < 60_000) return `${Math.round(ms / 100) / 10}s`;
  if (ms < 3_600_000) return `${Math.round(ms / 6_000) / 10}m`;
  return `${Math.round(ms / 360_000) / 10}h`;
}
