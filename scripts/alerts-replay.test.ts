import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The CLI as users run it: a separate process, input from a file, JSON lines on stdout, logs on stderr.
const dir = mkdtempSync(path.join(tmpdir(), "alerts-replay-"));
function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", path.resolve("scripts/alerts-replay.ts"), ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
const file = (name: string, lines: string[]) => {
  const p = path.join(dir, name);
  writeFileSync(p, lines.join("\n") + "\n");
  return p;
};

/** Two hours of steady alipay traffic at +08:00 with callbacks stopping for ten minutes from 09:30 local. */
function outageLines(): string[] {
  const lines: string[] = [];
  for (let m = 0; m < 120; m++) {
    const hh = String(8 + Math.floor(m / 60)).padStart(2, "0");
    const mm = String(m % 60).padStart(2, "0");
    const down = m >= 90 && m < 100;
    lines.push(JSON.stringify({
      ts: `2026-11-20T${hh}:${mm}:00+08:00`, provider: "alipay", attempts: 40, successes: down ? 2 : 37, callbacks: 40, callbackFailures: down ? 38 : 0,
      callbackDelayP95Ms: 1500, amountMinor: 40 * 2599, complaints: 0,
    }));
  }
  return lines;
}

describe("npm run alerts:replay", () => {
  it("prints the alerts that fire as JSON lines, keeping the input's offset, and nothing else on stdout", async () => {
    const { code, stdout, stderr } = await run(["--input", file("outage.jsonl", outageLines())]);
    expect(code).toBe(0);
    const out = stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const a of out) expect(Object.keys(a)).toEqual(["rule", "metric", "provider", "severity", "firedAt", "resolvedAt"]);
    const down = out.find((a) => a.rule === "provider-callbacks-down");
    // 09:30 is the first failed minute; the 2-minute window is over 0.9 from 09:31 on. From 09:40 the window
    // is back under the resolve threshold (0.475 ≤ 0.5): the third clear minute, 09:42, resolves it.
    expect(down).toEqual({ rule: "provider-callbacks-down", metric: "callback_failure_rate", provider: "alipay", severity: "critical", firedAt: "2026-11-20T09:31:00+08:00", resolvedAt: "2026-11-20T09:42:00+08:00" });
    expect(out.map((a) => a.rule)).toEqual(expect.arrayContaining(["callback-failure-rate-high", "success-rate-low"]));
    expect(stderr).toMatch(/120 provider-minutes/);
  });

  it("uses --rules instead of the defaults, and writes UTC input back as UTC", async () => {
    const rules = file("rules.json", [JSON.stringify([{ key: "sr-under-95", metric: "success_rate", kind: "threshold", direction: "drop", severity: "info", threshold: 0.95, windowMinutes: 1, pendingMinutes: 0, resolveMinutes: 1 }])]);
    const input = file("utc.jsonl", [
      { ts: "2026-11-20T01:00:00Z", s: 100 }, { ts: "2026-11-20T01:01:00Z", s: 90 }, { ts: "2026-11-20T01:02:00Z", s: 99 },
    ].map(({ ts, s }) => JSON.stringify({ ts, provider: "wechatpay", attempts: 100, successes: s, callbacks: 100, callbackFailures: 0, callbackDelayP95Ms: null, amountMinor: 0, complaints: 0 })));
    const { code, stdout } = await run(["--input", input, "--rules", rules]);
    expect(code).toBe(0);
    expect(stdout).toBe(`${JSON.stringify({ rule: "sr-under-95", metric: "success_rate", provider: "wechatpay", severity: "info", firedAt: "2026-11-20T01:01:00Z", resolvedAt: "2026-11-20T01:02:00Z" })}\n`);
  });

  it("stops at a malformed line with its number and what is wrong, and a non-zero exit", async () => {
    const lines = outageLines().slice(0, 3);
    lines.splice(2, 0, JSON.stringify({ ts: "2026-11-20 08:02", provider: "alipay", attempts: 1, successes: 1, callbacks: 1, callbackFailures: 0, callbackDelayP95Ms: 1, amountMinor: 1, complaints: 0 }));
    const bad = await run(["--input", file("bad-ts.jsonl", lines)]);
    expect(bad.code).not.toBe(0);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toMatch(/line 3: ts: must be ISO-8601 with a UTC offset/);

    const broken = await run(["--input", file("bad-json.jsonl", [...outageLines().slice(0, 4), "{\"ts\":"])]);
    expect(broken.code).not.toBe(0);
    expect(broken.stderr).toMatch(/line 5: not JSON/);

    const negative = await run(["--input", file("bad-count.jsonl", [outageLines()[0]!.replace('"attempts":40', '"attempts":-1')])]);
    expect(negative.code).not.toBe(0);
    expect(negative.stderr).toMatch(/line 1: attempts:/);
  });
});
