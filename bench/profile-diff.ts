// Where one target's main thread spends its time per request, against another's, from one run of
// `npm run bench:callbacks -- --cpu-prof`: the Next.js server's V8 profile, cut into the targets' rounds.
//
//   npm run bench:profile-diff -- bench/results/callbacks-<run>.json [--profile <file>.cpuprofile] [--a A] [--b D] [--top 30]
//
// Both targets A (PayOps) and C/D (the floor, the naive intake) are served by the same Next.js process, so
// its profile holds all of them; the results file says when each round ran (monotonic µs, V8's clock).
// Prints µs per request of self time by function (and by package), A's minus B's, largest first.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { AnyMap, originalPositionFor, type TraceMap } from "@jridgewell/trace-mapping";
import { cliArg } from "./lib";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}
interface Window {
  startUs: number;
  endUs: number;
  requests: number;
}

const arg = cliArg;

const resultsFile = process.argv.slice(2).find((a) => a.endsWith(".json"));
if (!resultsFile) throw new Error("usage: bench/profile-diff.ts <callbacks-….json> [--profile <file>] [--a A] [--b D] [--top 30]");
const results = JSON.parse(readFileSync(resultsFile, "utf8")) as { runId: string; perRound: { target: string; windows?: Window[] }[] };
const dir = path.dirname(resultsFile);
// The server writes one profile per thread when it stops (CPU.<date>.<time>.<pid>.<thread>.<seq>): take the
// main thread's (thread 0) of the newest process.
const profileFile =
  arg("profile", "") ||
  readdirSync(dir)
    .filter((f) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(f))
    .map((f) => path.join(dir, f))
    .sort()
    .at(-1);
if (!profileFile) throw new Error(`no .cpuprofile in ${dir}: run bench:callbacks with --cpu-prof`);
const profile = JSON.parse(readFileSync(profileFile, "utf8")) as Profile;
const [keyA, keyB] = [arg("a", "A"), arg("b", "D")];
const top = Number(arg("top", "30"));

const windowsOf = (key: string): Window[] => {
  const w = results.perRound.find((r) => r.target === key)?.windows;
  if (!w?.length) throw new Error(`no windows for target ${key} in ${resultsFile} (a run before windows were recorded?)`);
  return w;
};

const byId = new Map(profile.nodes.map((n) => [n.id, n]));

// The build's chunks are minified: name functions by their source (the build writes .map files beside them).
const maps = new Map<string, TraceMap | null>();
function mapOf(file: string): TraceMap | null {
  if (!maps.has(file)) maps.set(file, existsSync(`${file}.map`) ? new AnyMap(readFileSync(`${file}.map`, "utf8")) : null);
  return maps.get(file)!;
}
const isBuilt = (file: string) => /\/\.next[^/]*\//.test(file);
function original(f: CallFrame): { name: string; where: string } | null {
  const file = f.url.replace(/^file:\/\//, "");
  if (!isBuilt(file)) return null;
  const map = mapOf(file);
  const pos = map && originalPositionFor(map, { line: f.lineNumber + 1, column: f.columnNumber });
  if (!pos?.source) return null;
  return { name: pos.name ?? f.functionName, where: `${pos.source.replace(/^(\.\.\/)+/, "").replace(/^.*node_modules\//, "node_modules/")}:${pos.line}` };
}

const label = (f: CallFrame): string => {
  const o = original(f);
  if (o) return `${o.name || f.functionName || "(anonymous)"} ${o.where}`;
  const file = f.url ? f.url.replace(/^file:\/\//, "").replace(/^.*\/(node_modules|\.next[^/]*)\//, "$1/") : "";
  return `${f.functionName || "(anonymous)"} ${file ? `${file}:${f.lineNumber + 1}:${f.columnNumber + 1}` : ""}`.trim();
};
const packageOf = (f: CallFrame): string => {
  if (!f.url) return f.functionName.startsWith("(") ? f.functionName : "(native)";
  const where = original(f)?.where ?? f.url;
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where);
  if (m) return m[1]!;
  if (isBuilt(where)) return "(built, no source map)";
  if (f.url.startsWith("node:")) return "node:*";
  return where.replace(/\/[^/]*$/, "/");
};

/** Self time per label and per package, µs per request, over a target's windows. */
function selfTime(windows: Window[]): { byLabel: Map<string, number>; byPackage: Map<string, number>; totalUs: number; requests: number } {
  const byLabel = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let t = profile.startTime;
  let totalUs = 0;
  const sorted = [...windows].sort((a, b) => a.startUs - b.startUs);
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]!;
    // A sample stands for the interval until the next one.
    const dt = profile.timeDeltas[i + 1] ?? 0;
    if (!sorted.some((w) => t >= w.startUs && t < w.endUs)) continue;
    const node = byId.get(profile.samples[i]!)!;
    const l = label(node.callFrame);
    byLabel.set(l, (byLabel.get(l) ?? 0) + dt);
    const p = packageOf(node.callFrame);
    byPackage.set(p, (byPackage.get(p) ?? 0) + dt);
    totalUs += dt;
  }
  const requests = windows.reduce((s, w) => s + w.requests, 0);
  for (const m of [byLabel, byPackage]) for (const [k, v] of m) m.set(k, v / requests);
  return { byLabel, byPackage, totalUs: totalUs / requests, requests };
}

const a = selfTime(windowsOf(keyA));
const b = selfTime(windowsOf(keyB));
const fmt = (n: number) => n.toFixed(1).padStart(7);

function table(title: string, ma: Map<string, number>, mb: Map<string, number>, n: number): void {
  const keys = new Set([...ma.keys(), ...mb.keys()]);
  const rows = [...keys].map((k) => ({ k, a: ma.get(k) ?? 0, b: mb.get(k) ?? 0 })).sort((x, y) => Math.abs(y.a - y.b) - Math.abs(x.a - x.b));
  console.log(`\n${title} (µs per request of self time)\n${"  " + keyA.padStart(5)}  ${keyB.padStart(5)}   ${keyA}−${keyB}`);
  for (const r of rows.slice(0, n)) console.log(`${fmt(r.a)}${fmt(r.b)}${fmt(r.a - r.b)}  ${r.k}`);
}

console.log(`profile ${path.basename(profileFile)}; ${keyA}: ${a.requests} requests, ${keyB}: ${b.requests} requests`);
console.log(`wall time sampled per request: ${keyA} ${a.totalUs.toFixed(0)} µs, ${keyB} ${b.totalUs.toFixed(0)} µs (idle included)`);
table("by package", a.byPackage, b.byPackage, 20);
table("by function", a.byLabel, b.byLabel, top);
