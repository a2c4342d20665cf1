import { resetEnvCache } from "@/server/env";

/**
 * Points process.env at `vars` (fake receivers' URLs, test keys) and re-reads the validated env; the returned
 * function puts every variable back as it was (deleted if it was unset) and re-reads again. For a test file's
 * beforeAll/afterAll.
 */
export function overrideEnv(vars: Record<string, string>): () => void {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(vars)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  resetEnvCache();
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnvCache();
  };
}
