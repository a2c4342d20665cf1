// Mutation testing of the critical server modules (issue #6). Too slow for every CI run: run it on demand
// (`npm run test:mutation`), per module while working on one:
//   npm run test:mutation -- --mutate "server/jobs/**/*.ts,!**/*.test.ts"
// Scores, timings and the reviewed equivalent mutants: docs/testing.md.

// STRYKER_RUN=<name> (e.g. `orders`) gives a per-module run its own incremental file and reports, so runs of
// different modules side by side do not overwrite each other's results.
const run = process.env.STRYKER_RUN;
const out = (name) => (run ? `.data/stryker/${run}/${name}` : `.data/stryker/${name}`);

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
const config = {
  testRunner: "vitest",
  // `related`: each mutant runs only the tests that import its file (and, with perTest coverage, only the
  // tests that reached it). The runner forces vitest onto one thread per Stryker worker.
  vitest: { configFile: "vitest.config.ts", related: true },
  mutate: ["server/{callbacks,providers,orders,jobs,janitor,fulfilment,auth}/**/*.ts", "server/lib/sql.ts", "!**/*.test.ts", "!**/*.d.ts"],
  coverageAnalysis: "perTest",
  // Two cores here. Measured on server/jobs (docs/testing.md): 2 runners beat 1 only slightly, because
  // each runner's test files are database-bound; 2 keeps one core free for nothing else, so use it.
  concurrency: 2,
  // Each test file clones a PGlite database (~0.7 s); the defaults (5 s + 1.5×) leave room for a loaded box.
  timeoutMS: 10_000,
  timeoutFactor: 2,
  dryRunTimeoutMinutes: 20,
  incremental: true,
  incrementalFile: out("incremental.json"),
  // The sandbox is a copy of the project (node_modules symlinked). The `@/` alias resolves from
  // vitest.config.ts's own directory and test/global-setup.ts writes its PGlite template under the
  // sandbox's cwd, so the harness works unchanged there. Do not copy build output or local databases.
  tempDirName: ".stryker-tmp",
  ignorePatterns: [
    "/.data",
    "/.next",
    "/.next-*",
    "/coverage",
    "/test-results",
    "/playwright-report",
    "/bench/results",
    "/docs/screenshots",
    "/reports",
  ],
  thresholds: { high: 85, low: 70, break: null },
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: out("report/index.html") },
  jsonReporter: { fileName: out("report/mutation.json") },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  tsconfigFile: "tsconfig.json",
};

export default config;
