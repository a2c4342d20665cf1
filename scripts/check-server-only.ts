// `npm run lint:deps`: every server module starts with `import "server-only"`, so a client component that
// reaches one (however indirectly) fails the build instead of shipping server code and secrets to the
// browser. Tests import server modules directly (vitest aliases server-only to an empty module) and are
// exempt; tsx scripts run with `--conditions=react-server`, where server-only is empty too.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

/** Files that must not carry the marker, each with its reason. Keep it short. */
export const EXCEPTIONS: Record<string, string> = {
  "server/recon/formats/types.ts": "statement types for scripts, the bench and Playwright fixtures (issue 11)",
  "server/recon/formats/write-statement.ts": "statement writer for test/e2e fixtures, the simulator and the bench",
  "server/recon/formats/statement-time.ts": "time helpers the statement writer needs",
};

/** `import "server-only";` as the first statement (comments before it are fine). */
export function startsWithServerOnly(source: string): boolean {
  return /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*import\s+["']server-only["'];?/.test(source);
}

export function needsMarker(file: string): boolean {
  return /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file) && !/\.d\.ts$/.test(file) && !(file in EXCEPTIONS);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.posix.join(dir, e.name);
    return e.isDirectory() ? listFiles(p) : [p];
  });
}

function main(): number {
  const files = listFiles("server").filter(needsMarker).sort();
  const missing = files.filter((f) => !startsWithServerOnly(readFileSync(f, "utf8")));
  for (const f of missing) console.error(`  error server-only: ${f} does not start with import "server-only"`);
  console.log(
    missing.length === 0 ? `server-only: all ${files.length} server modules start with import "server-only".` : `server-only: ${missing.length} of ${files.length} server modules lack it.`,
  );
  return missing.length === 0 ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) process.exit(main());
