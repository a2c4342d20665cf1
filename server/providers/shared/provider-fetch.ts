import "server-only";
import type { Env } from "@/server/env";
import type { ProviderQueryFailure } from "@/lib/reasons";
import { withDeadline } from "@/server/lib/deadline";

/**
 * A provider answered in a way we cannot trust or use (bad signature, unexpected status/shape), or we could
 * not ask it. `failure` is what people read (a sentence per kind in messages/<locale>/reasons.json); the
 * message is the engineers' raw form.
 */
export class ProviderQueryError extends Error {
  constructor(
    readonly failure: Exclude<ProviderQueryFailure, "timeout" | "network" | "other">,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "ProviderQueryError";
  }
}

/** Why a status query got no usable answer, for the reason codes that carry it (lib/reasons.ts). */
export function describeQueryFailure(e: unknown): { failure: ProviderQueryFailure; httpStatus: number; error: string } {
  const error = e instanceof Error ? e.message : String(e);
  if (e instanceof ProviderQueryError) return { failure: e.failure, httpStatus: e.status ?? 0, error };
  const name = e instanceof Error || e instanceof DOMException ? e.name : "";
  if (name === "TimeoutError" || name === "AbortError") return { failure: "timeout", httpStatus: 0, error };
  // undici: `TypeError: fetch failed` with the socket error as its cause
  if (e instanceof TypeError && /fetch failed/i.test(error)) return { failure: "network", httpStatus: 0, error };
  return { failure: "other", httpStatus: 0, error };
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
