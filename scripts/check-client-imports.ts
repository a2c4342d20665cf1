// `npm run lint:deps`, after dependency-cruiser: a file that starts with "use client" is shipped to the
// browser, and so is every module it imports at runtime, however indirectly. None of them may be server
// code or the database (shared code lives in lib/). dependency-cruiser finds client files by path only, so
// this follows the imports from each "use client" file itself. Type-only imports are erased and allowed
// (the tRPC client needs `type AppRouter`).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ICruiseOptions } from "dependency-cruiser";

/** Server code and the database: never part of a client bundle. */
export const SERVER_ONLY_MODULE = /^(server\/|db\/|node_modules\/server-only\/)/;
const ERASED = new Set(["type-only", "type-import"]);

/** The "use client" directive, before any other statement (comments allowed). */
export function isClientEntry(source: string): boolean {
  return /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*["']use client["']/.test(source);
}

export interface GraphModule {
  source: string;
  dependencies: { resolved: string; dependencyTypes: string[] }[];
}

/** For each client entry, the import chains (entry first) that reach server code at runtime. */
export function clientChainsToServer(modules: GraphModule[], entries: string[], forbidden = SERVER_ONLY_MODULE): string[][] {
  const bySource = new Map(modules.map((m) => [m.source, m]));
  const chains: string[][] = [];
  const reported = new Set<string>();
  for (const entry of entries) {
    // Breadth-first, so each reported chain is a shortest one.
    const parent = new Map<string, string | null>([[entry, null]]);
    const queue = [entry];
    while (queue.length > 0) {
      const current = queue.shift()!;
      for (const dep of bySource.get(current)?.dependencies ?? []) {
        if (dep.dependencyTypes.some((t) => ERASED.has(t)) || parent.has(dep.resolved)) continue;
        parent.set(dep.resolved, current);
        if (forbidden.test(dep.resolved)) {
          const chain = [dep.resolved];
          for (let at = parent.get(dep.resolved); at; at = parent.get(at)) chain.unshift(at);
          const key = `${chain[chain.length - 2]} -> ${dep.resolved}`;
          if (!reported.has(key)) {
            reported.add(key);
            chains.push(chain);
          }
          continue; // one finding per forbidden module is enough; don't wander into server code
        }
        queue.push(dep.resolved);
      }
    }
  }
  return chains;
}

function listClientEntries(roots: string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.posix.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && isClientEntry(readFileSync(p, "utf8"))) found.push(p);
    }
  };
  for (const root of roots) walk(root);
  return found.sort();
}

async function main(): Promise<number> {
  const { cruise } = await import("dependency-cruiser");
  const { default: extractDepcruiseOptions } = await import("dependency-cruiser/config-utl/extract-depcruise-options");
  const { default: extractTSConfig } = await import("dependency-cruiser/config-utl/extract-ts-config");
  const entries = listClientEntries(["app", "components"]);
  const options = await extractDepcruiseOptions("./.dependency-cruiser.cjs");
  // No rules here (depcruise's own run checks them). The resolver takes the tsconfig for the @/ paths from
  // the rule set's options, which the published types leave out.
  const pathsOnlyRuleSet = { options: { tsConfig: { fileName: "tsconfig.json" } } } as unknown as ICruiseOptions["ruleSet"];
  const { output } = await cruise(
    entries,
    { ...options, ruleSet: pathsOnlyRuleSet, validate: false, skipAnalysisNotInRules: false },
    undefined,
    { tsConfig: extractTSConfig("tsconfig.json") },
  );
  if (typeof output === "string") throw new Error("dependency-cruiser returned a report, not a cruise result");
  const chains = clientChainsToServer(output.modules as GraphModule[], entries);
  for (const chain of chains) console.error(`  error client-imports-server: ${chain.join(" → ")}`);
  console.log(
    chains.length === 0
      ? `client imports: ${entries.length} "use client" files, ${output.modules.length} modules reached, none is server code.`
      : `client imports: ${chains.length} violation(s).`,
  );
  return chains.length === 0 ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e);
      process.exit(2);
    },
  );
}
