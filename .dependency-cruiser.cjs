// Import boundaries, checked by `npm run lint:deps` (CI: .ci/run). The map behind them: docs/architecture.md.
// What dependency-cruiser cannot see here: a "use client" file is a client module by its first line, not by
// its path, and so is everything it imports. scripts/check-client-imports.ts follows those imports;
// scripts/check-server-only.ts checks that every server module starts with `import "server-only"`.
const fs = require("node:fs");
const path = require("node:path");

/** Files under app/ and components/ that start with the "use client" directive, as one anchored regex. */
function clientEntryPattern() {
  const found = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name) && /^\s*(?:\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*["']use client["']/.test(fs.readFileSync(p, "utf8"))) {
        found.push(p.split(path.sep).join("/"));
      }
    }
  };
  for (const root of ["app", "components"]) if (fs.existsSync(root)) walk(root);
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return found.length ? `^(${found.map(escape).join("|")})$` : "^$";
}

const SERVER_CODE = "^(server/|db/client\\.ts$|db/env\\.ts$)";
// Type-only imports vanish at compile time (the tRPC client imports `type AppRouter` from server/api/root).
const RUNTIME = ["type-only", "type-import"];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Import cycles make module initialisation order-dependent. Type-only cycles are erased at compile time and allowed.",
      from: {},
      to: { circular: true, dependencyTypesNot: RUNTIME, viaOnly: { dependencyTypesNot: RUNTIME } },
    },
    {
      name: "client-not-to-server",
      severity: "error",
      comment: 'A "use client" file is shipped to the browser: no server code, no database client (shared code lives in lib/).',
      from: { path: clientEntryPattern() },
      to: { path: SERVER_CODE, dependencyTypesNot: RUNTIME },
    },
    {
      name: "lib-is-shared",
      severity: "error",
      comment: "lib/ is safe on both sides: it imports neither server code, the database, pages, components nor Node built-ins.",
      from: { path: "^lib/" },
      to: { path: "^(server/|db/|app/|components/)", dependencyTypesNot: RUNTIME },
    },
    {
      name: "lib-no-node-builtins",
      severity: "error",
      comment: "lib/ runs in the browser too.",
      from: { path: "^lib/", pathNot: "\\.test\\.ts$" },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "db-not-to-server",
      severity: "error",
      comment: "db/ sits below server/: drivers, schema and migrations never depend on business logic, its env or its logger.",
      from: { path: "^db/" },
      to: { path: "^(server/|app/|components/)" },
    },
    {
      name: "domain-not-to-framework",
      severity: "error",
      comment:
        "Business logic (server/ except server/api/) is called alike by route handlers, tRPC, jobs and scripts: it imports neither Next, tRPC nor the pages and route handlers.",
      from: { path: "^server/", pathNot: ["^server/api/", "\\.test\\.tsx?$"] },
      to: { path: ["^node_modules/next/", "^node_modules/@trpc/", "^app/", "^components/"], dependencyTypesNot: RUNTIME },
    },
    {
      name: "route-tests-beside-routes",
      severity: "error",
      comment: "A test that drives a route handler lives next to that route (app/api/**/route.test.ts), not in the domain it calls.",
      from: { path: "^server/.+\\.test\\.tsx?$" },
      to: { path: "^app/" },
    },
    {
      name: "domain-not-to-next-auth",
      severity: "error",
      comment: "Only server/auth knows next-auth; the rest of the domain asks it for the user.",
      from: { path: "^server/", pathNot: "^server/(api|auth)/" },
      to: { path: "^node_modules/next-auth/", dependencyTypesNot: RUNTIME },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: "An import that resolves to nothing is a typo or a missing dependency.",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|\\.next[^/]*|\\.data|\\.stryker-tmp[^/]*|coverage|test-results|playwright-report)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    // Resolve packages the way the server bundle does (server-only's empty module, exports maps).
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
      extensions: [".ts", ".tsx", ".d.ts", ".js", ".mjs", ".cjs", ".json"],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
