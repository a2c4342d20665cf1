import { signSandboxPayload, SANDBOX_SIGNATURE_HEADER } from "@/server/providers/sandbox/sign";
import type { SimulatorStats } from "./stats";

export interface DeliveryContext {
  callbackUrl: string;
  secret: string;
  stats: SimulatorStats;
  stopSignal: AbortSignal;
  backoffMs: readonly number[];
  random: () => number;
  later(ms: number, fn: () => void): void;
  track<T>(p: Promise<T>): Promise<T>;
}

/**
 * One delivery attempt of a sandbox callback, re-signed at send time like real providers do, and retried
 * on any non-2xx or transport error with growing, jittered delays until the schedule runs out.
 */
export function deliverCallback(ctx: DeliveryContext, body: string, attempt = 0): void {
  void ctx.track(
    (async () => {
      if (ctx.stopSignal.aborted) return;
      ctx.stats.callbackAttempts++;
      let ok = false;
      try {
        const res = await fetch(ctx.callbackUrl, {
          method: "POST",
          headers: { "content-type": "application/json", [SANDBOX_SIGNATURE_HEADER]: signSandboxPayload(ctx.secret, body, Date.now() / 1000) },
          body,
          signal: AbortSignal.any([ctx.stopSignal, AbortSignal.timeout(10_000)]),
        });
        await res.text();
        if (res.status >= 200 && res.status < 300) ctx.stats.answered2xx++;
        else if (res.status >= 400 && res.status < 500) ctx.stats.answered4xx++;
        else if (res.status >= 500) ctx.stats.answered5xx++;
        else ctx.stats.answeredOther++;
        ok = res.ok;
      } catch {
        if (ctx.stopSignal.aborted) return;
        ctx.stats.networkErrors++;
      }
      if (ok) return;
      const wait = ctx.backoffMs[attempt];
      if (wait === undefined) {
        ctx.stats.gaveUp++;
        return;
      }
      ctx.stats.retries++;
      ctx.later(wait * (0.8 + 0.4 * ctx.random()), () => deliverCallback(ctx, body, attempt + 1));
    })(),
  );
}
