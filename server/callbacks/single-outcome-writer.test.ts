import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// "The outcome of a stored provider message is written by one function": write-message-outcomes.ts.
// Any other module writing callback_events' outcome or verification columns after the insert fails here.
const ROOTS = ["server", "app", "scripts", "db", "lib"];
const OWNER = path.join("server", "callbacks", "write-message-outcomes.ts");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return name === "node_modules" || name.startsWith(".") || name === "migrations" ? [] : sourceFiles(p);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [p] : [];
  });
}

describe("one writer of a stored message's outcome", () => {
  it("no module but write-message-outcomes.ts updates callback_events' outcome or verification", () => {
    const offenders: string[] = [];
    for (const file of ROOTS.flatMap((r) => sourceFiles(r))) {
      if (file === OWNER) continue;
      const text = readFileSync(file, "utf8");
      if (/\.update\(\s*callbackEvents\s*\)/.test(text)) offenders.push(`${file}: update(callbackEvents)`);
      for (const m of text.matchAll(/UPDATE\s+callback_events\b([\s\S]{0,600})/gi)) {
        const set = m[1]!.split(/\bWHERE\b|\bFROM\b/i)[0]!;
        if (/\b(outcome|verification)\s*=/.test(set)) offenders.push(`${file}: UPDATE callback_events SET outcome/verification`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("the check itself sees the owner's statement (it would catch a second one)", () => {
    const text = readFileSync(OWNER, "utf8");
    expect(/UPDATE\s+callback_events\b[\s\S]{0,200}\boutcome\s*=/i.test(text)).toBe(true);
  });
});
