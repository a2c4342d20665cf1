import "server-only";
import type { Env } from "@/server/env";
import { withDeadline } from "@/server/lib/deadline";

/** A provider answered in a way we cannot trust or use (bad signature, unexpected status/shape). */
export class ProviderQueryError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "ProviderQueryError";
  }
}

export interface ProviderResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * fetch with PROVIDER_QUERY_TIMEOUT combined with the caller's signal. Transport failures and timeouts
 * throw (the janitor retries later); any HTTP status comes back for the adapter to judge.
 */
export async function providerFetch(url: string, init: RequestInit, env: Env, signal?: AbortSignal): Promise<ProviderResponse> {
  const { res, body } = await withDeadline(env.PROVIDER_QUERY_TIMEOUT, signal, async (deadline) => {
    const res = await fetch(url, { ...init, signal: deadline, redirect: "error" });
    return { res, body: await res.text() };
  });
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    headers[k.toLowerCase()] = v;
  });
  return { status: res.status, headers, body };
}
