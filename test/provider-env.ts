import { afterAll, beforeAll } from "vitest";
import { resetEnvCache } from "@/server/env";
import { startFakeProviders, type FakeProviders } from "./fake-providers";
import { createProviderTestKeys, providerTestEnv, type ProviderTestKeys } from "./provider-signers";

/**
 * Generates provider keys, starts the fake provider APIs and points our env at both, for one test file.
 * Returns getters (the values exist once beforeAll ran).
 */
export function useProviders(extraEnv: Record<string, string> = {}): { keys: () => ProviderTestKeys; fake: () => FakeProviders } {
  let keys: ProviderTestKeys | undefined;
  let fake: FakeProviders | undefined;
  const saved: Record<string, string | undefined> = {};
  beforeAll(async () => {
    keys = createProviderTestKeys();
    fake = await startFakeProviders(keys);
    const env = { ...providerTestEnv(keys), ...fake.baseUrls, ...extraEnv };
    for (const [k, v] of Object.entries(env)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    resetEnvCache();
  });
  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnvCache();
    await fake?.close();
  });
  return { keys: () => keys!, fake: () => fake! };
}
