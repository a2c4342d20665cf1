import "server-only";
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { Env } from "@/server/env";
import { ProviderQueryError } from "./provider-fetch";

/**
 * The provider has no statement for that day yet (T+1 files appear from ~10:00 Beijing the next day; Stripe's
 * data lags) or has none at all: the scheduled pull should try again later, people should read the message.
 */
export class StatementNotReadyError extends ProviderQueryError {
  constructor(
    readonly date: string,
    detail: string,
  ) {
    super("provider_error", `no statement for ${date} yet: ${detail}`);
    this.name = "StatementNotReadyError";
  }
}

export interface StreamedResponse {
  status: number;
  headers: Record<string, string>;
  body: AsyncIterable<Uint8Array>;
  /** The whole body as text (small answers: JSON, error pages); the body cannot be read twice. */
  text(): Promise<string>;
}

/**
 * fetch for statement files: PROVIDER_QUERY_TIMEOUT bounds the wait for the response head only (a file of
 * millions of lines takes longer than that to stream), the caller's signal bounds everything, and the body is
 * handed on as chunks arrive, never buffered here. No redirects: a pre-signed link that moves is an error.
 */
export async function fetchStream(url: string, init: RequestInit, env: Env, signal?: AbortSignal): Promise<StreamedResponse> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal?.reason);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener("abort", onAbort, { once: true });
  const timer = setTimeout(() => controller.abort(new DOMException(`no answer within ${env.PROVIDER_QUERY_TIMEOUT} ms`, "TimeoutError")), env.PROVIDER_QUERY_TIMEOUT);
  const release = () => signal?.removeEventListener("abort", onAbort);
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: controller.signal, redirect: "error" });
  } catch (e) {
    release();
    throw e;
  } finally {
    clearTimeout(timer);
  }
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    headers[k.toLowerCase()] = v;
  });
  async function* body(): AsyncGenerator<Uint8Array> {
    try {
      if (res.body) yield* Readable.fromWeb(res.body as WebReadableStream<Uint8Array>) as AsyncIterable<Uint8Array>;
    } finally {
      release();
    }
  }
  return {
    status: res.status,
    headers,
    body: body(),
    text: async () => {
      try {
        return await res.text();
      } finally {
        release();
      }
    },
  };
}

/** Passes the chunks through, feeding `hash`; `check` runs on the digest once the last chunk went by. */
export async function* hashing<H extends { update(data: Uint8Array): unknown }>(body: AsyncIterable<Uint8Array>, hash: H, check: (hash: H) => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of body) {
    hash.update(chunk);
    yield chunk;
  }
  check(hash);
}

export const sha1 = () => createHash("sha1");

/** The file name a download URL or Content-Disposition gives, else the fallback. */
export function downloadName(headers: Record<string, string>, url: string, fallback: string): string {
  const cd = headers["content-disposition"] ?? "";
  const star = /filename\*=(?:UTF-8'')?([^;]+)/i.exec(cd);
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim().replace(/^"|"$/g, ""));
    } catch {
      // fall through to the plain parameter
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  if (plain) return plain[1]!.trim();
  try {
    const fromQuery = new URL(url).searchParams.get("downloadFileName");
    if (fromQuery) return fromQuery;
  } catch {
    // not a URL: use the fallback
  }
  return fallback;
}
