import "server-only";

/**
 * Runs `work` with a signal that aborts after `ms` or when `parent` aborts, whichever comes first, and
 * clears the timer when the work settles.
 *
 * Not `AbortSignal.any([parent, AbortSignal.timeout(ms)])` with an inline timeout signal: `any` holds its
 * sources weakly, so under memory pressure the timeout signal can be collected before it fires and a request
 * to a server that never answers then hangs (seen in CI's full PostgreSQL run: a fulfilment attempt against a
 * silent shop outlived its 300 ms deadline by a minute). A plain timer cannot be collected while pending.
 */
export async function withDeadline<T>(ms: number, parent: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`The operation was aborted due to timeout (${ms} ms)`, "TimeoutError")), ms);
  const onParentAbort = () => controller.abort(parent?.reason);
  if (parent?.aborted) onParentAbort();
  else parent?.addEventListener("abort", onParentAbort, { once: true });
  try {
    return await work(controller.signal);
  } finally {
    clearTimeout(timer);
    parent?.removeEventListener("abort", onParentAbort);
  }
}
