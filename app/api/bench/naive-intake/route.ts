import pg from "pg";
import { naiveIntake } from "@/bench/naive-intake";
import { getEnv } from "@/server/env";

export const dynamic = "force-dynamic";

// The benchmark's fourth line: the naive baseline's statements inside a route of the same build. It does
// nothing (404) unless BENCH_NAIVE_INTAKE_URL was set when the server started, which only
// bench/callbacks.ts does.
const g = globalThis as unknown as { __payopsBenchPool?: pg.Pool };

export async function POST(req: Request): Promise<Response> {
  const env = getEnv();
  if (!env.BENCH_NAIVE_INTAKE_URL) return new Response(null, { status: 404 });
  g.__payopsBenchPool ??= new pg.Pool({ connectionString: env.BENCH_NAIVE_INTAKE_URL, max: env.DATABASE_POOL_MAX });
  const reply = await naiveIntake(g.__payopsBenchPool, req.headers.get("sandbox-signature"), await req.text(), env.SANDBOX_WEBHOOK_SECRET);
  return new Response(reply.body, { status: reply.status, headers: { "content-type": "text/plain" } });
}
