import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// schedule-status-query.ts and status-query-job.ts used to import each other: whichever loaded first saw
// the other's exports as undefined during module evaluation. The janitor's modules must form no cycle.

const DIR = import.meta.dirname;

function importsOf(file: string): string[] {
  const src = readFileSync(join(DIR, file), "utf8");
  const specs = [...src.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"/gm)].map((m) => m[1]!);
  return specs
    .map((s) => (s.startsWith("./") ? s.slice(2) : s.startsWith("@/server/janitor/") ? s.slice("@/server/janitor/".length) : null))
    .filter((s): s is string => s !== null)
    .map((s) => `${s}.ts`);
}

function findCycle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, "visiting" | "done">();
  const path: string[] = [];
  const visit = (n: string): string[] | null => {
    if (state.get(n) === "done") return null;
    if (state.get(n) === "visiting") return [...path.slice(path.indexOf(n)), n];
    state.set(n, "visiting");
    path.push(n);
    for (const m of graph.get(n) ?? []) {
      const c = visit(m);
      if (c) return c;
    }
    path.pop();
    state.set(n, "done");
    return null;
  };
  for (const n of graph.keys()) {
    const c = visit(n);
    if (c) return c;
  }
  return null;
}

describe("janitor module graph", () => {
  it("detects a cycle when there is one", () => {
    expect(findCycle(new Map([["a.ts", ["b.ts"]], ["b.ts", ["a.ts"]]]))).toEqual(["a.ts", "b.ts", "a.ts"]);
    expect(findCycle(new Map([["a.ts", ["b.ts"]], ["b.ts", []]]))).toBeNull();
  });

  it("has no import cycle", () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
    const graph = new Map(files.map((f) => [f, importsOf(f)]));
    expect(graph.get("schedule-status-query.ts")).toContain("status-query-job.ts");
    expect(findCycle(graph)).toBeNull();
  });
});
