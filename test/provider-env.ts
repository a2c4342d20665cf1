import { afterAll, beforeAll } from "vitest";
import { overrideEnv } from "./override-env";
import { startFakeProviders, type FakeProviders } from "./fake-providers";
import { createProviderTestKeys, providerTestEnv, type ProviderTestKeys } from "./provider-signers";

/**
 * Generates provider keys, starts the fake provider APIs and points our env at both, for one test file.
 * Returns getters (the values exist once beforeAll ran).
 */
export function useProviders(extraEnv: Record<string, string> = {}): { keys: () => ProviderTestKeys; fake: () => FakeProviders } {
  let keys: ProviderTestKeys | undefined;
  let fake: FakeProviders | undefined;
  let restoreEnv = () => {};
  beforeAll(async () => {
    keys = createProviderTestKeys();
    fake = await startFakeProviders(keys);
    const env = { ...providerTestEnv(keys), ...fake.baseUrls, ...extraEnv };
    restoreEnv = overrideEnv(env);
  });
  afterAll(async () => {
    restoreEnv();
    await fake?.close();
  });
  return { keys: () => keys!, fake: () => fake! };
}
