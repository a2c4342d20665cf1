import { describe, expect, it } from "vitest";
import { logFields } from "./log";

describe("log fields", () => {
  it("redacts secret-looking and personal keys at any depth", () => {
    const out = logFields({ orderNo: "O1", apiKey: "k", nested: { password: "p", userPhone: "13800001234", body: "{...}", ok: 1 }, headers: { cookie: "c" } });
    expect(out).toEqual({ orderNo: "O1", apiKey: "[redacted]", nested: { password: "[redacted]", userPhone: "[redacted]", body: "[redacted]", ok: 1 }, headers: "[redacted]" });
  });

  it("unwraps an error's cause but never keeps a failed query's parameters", () => {
    const driver = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: "22021" });
    const wrapped = new Error('Failed query: insert into "callback_events" ("body") values ($1)\nparams: {"orderNo":"X","userPhone":"13800001234"}', { cause: driver });
    const out = logFields({ error: wrapped }) as { error: { message: string; cause: { message: string; code: string } } };
    expect(out.error.message).toContain("Failed query: insert into");
    expect(out.error.message).not.toContain("13800001234");
    expect(out.error.message).toContain("params: [omitted]");
    expect(out.error.cause).toMatchObject({ code: "22021", message: expect.stringContaining("0x00") });
  });

  it("bounds strings, arrays, objects and depth, so a line cannot grow without limit", () => {
    const wide = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, "v".repeat(10_000)]));
    const deep = { a: { b: { c: { d: { e: { f: "deep" } } } } } };
    const line = JSON.stringify(logFields({ wide, deep, list: Array.from({ length: 10_000 }, (_, i) => i), text: "x".repeat(1_000_000) }));
    expect(line.length).toBeLessThan(16_000);
    expect(line).toContain("[…]");
    expect(line).toContain("more keys omitted");
  });
});

describe("the log's stdout buffer", () => {
  it("writes a quiet process's info line within the periodic flush, and the last line on exit", { timeout: 30_000 }, async () => {
    const { spawn } = await import("node:child_process");
    // A process of its own: this module's logger is a process-wide singleton writing to fd 1.
    const script = [
      'const { log } = await import("./server/lib/log.ts");',
      'log.info("first line");',
      "await new Promise((r) => setTimeout(r, 1500));",
      'log.info("last line");',
      "process.exit(0);",
    ].join("\n");
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "--input-type=module", "-e", script], {
      cwd: process.cwd(),
      env: { ...process.env, LOG_LEVEL: "info" },
    });
    const lines: { at: number; msg: string }[] = [];
    let startedAt = 0;
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      for (const l of chunk.split("\n").filter(Boolean)) {
        const msg = (JSON.parse(l) as { msg: string }).msg;
        if (msg === "first line") startedAt = Date.now();
        lines.push({ at: Date.now(), msg });
      }
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(await exited).toBe(0);
    await new Promise((r) => setImmediate(r));
    expect(lines.map((l) => l.msg)).toEqual(["first line", "last line"]);
    // The first line arrived while the process still waited (well before its exit), not held until then.
    expect(lines[1]!.at - startedAt).toBeGreaterThan(800);
  });
});
