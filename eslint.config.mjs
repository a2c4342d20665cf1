import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";

// `npm run lint`. Import boundaries (client/server, db/server, domain/framework, cycles) are not checked
// here but by dependency-cruiser (`npm run lint:deps`, .dependency-cruiser.cjs).
export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    files: ["**/*.{ts,tsx,mts,cts}"],
    languageOptions: {
      // Type-aware rules below: an un-awaited promise in a payment path loses errors and ordering.
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      eqeqeq: ["error", "smart"],
    },
  },
  {
    // One validated env module (server/env.ts, with db/env.ts for the database section) reads process.env;
    // everything else calls getEnv(). Entry points that configure child processes or the build are exempt.
    files: ["app/**", "components/**", "lib/**", "server/**", "db/**"],
    ignores: ["server/env.ts", "db/env.ts", "**/*.test.ts"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration through getEnv() (server/env.ts)." }],
    },
  },
  {
    // Test harnesses, fakes and benchmarks: `useTestDb()` is not a React hook, and an async request listener
    // that throws surfaces as an unhandled rejection, which fails the run anyway.
    files: ["**/*.test.ts", "test/**", "e2e/**", "bench/**"],
    rules: {
      "react-hooks/rules-of-hooks": "off",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { arguments: false, attributes: false } }],
    },
  },
  { files: ["**/*.{js,mjs,cjs}"], extends: [tseslint.configs.disableTypeChecked] },
  { files: ["**/*.cjs"], rules: { "@typescript-eslint/no-require-imports": "off" } },
  globalIgnores([".next/**", ".next-*/**", "out/**", "build/**", "coverage/**", "next-env.d.ts", ".data/**", "test-results/**", "playwright-report/**", "reports/**", ".stryker-tmp*/**"]),
]);
