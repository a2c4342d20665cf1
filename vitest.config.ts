import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // `import "server-only"` throws outside a react-server bundle; tests run server modules directly.
      "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    include: ["{server,db,scripts,app,components,lib,test}/**/*.test.ts"],
    globalSetup: ["./test/global-setup.ts"],
    setupFiles: ["./test/setup-env.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Test files run one after another in each worker's process instead of a fresh one each: the suite takes
    // about half the time (most of it was importing the same modules again per file). Every file gets a fresh
    // database of its own (test/db.ts) and starts from the same environment (test/setup-env.ts); no test
    // mocks modules.
    isolate: false,
    // PGlite clones are ~0.1 GB each; two cores here.
    maxWorkers: 2,
  },
});
