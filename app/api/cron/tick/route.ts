import { createHash, timingSafeEqual } from "node:crypto";
import { getDb } from "@/db/client";
import { drainInbox } from "@/server/callbacks/inbox-applier";
import { getEnv } from "@/server/env";
import { errorResponse, json, requestIdOf } from "@/server/lib/http";
import { ensurePortalSchedules } from "@/server/jobs/portal-schedules";
import { jobRegistry } from "@/server/jobs/registry";
import { runTick } from "@/server/jobs/run-jobs";
import { newWorkerId } from "@/server/jobs/worker";

export const dynamic = "force-dynamic";
export const maxDuration = 60;

const digest = (s: string) => createHash("sha256").update(s).digest();

/** For serverless hosts: a scheduler calls this every minute; it runs due schedules and jobs for ≤ 25 s. */
export async function POST(req: Request): Promise<Response> {
  const requestId = requestIdOf(req);
  const m = /^Bearer\s+(.+)$/i.exec(req.headers.get("authorization") ?? "");
  if (!m || !timingSafeEqual(digest(m[1]!.trim()), digest(getEnv().CRON_SECRET))) {
    return json({ error: "unauthorized" }, 401, { "x-request-id": requestId });
  }
  try {
    const db = await getDb();
    // Stored callbacks first (money), then jobs, within the same minute's budget.
    await ensurePortalSchedules(db);
    const inbox = await drainInbox(db, { budgetMs: 10_000 });
    const result = await runTick(db, jobRegistry, { workerId: newWorkerId("cron"), budgetMs: 15_000 });
    return json({ ok: true, callbacksApplied: inbox.applied, ...result }, 200, { "x-request-id": requestId });
  } catch (e) {
    return errorResponse(e, requestId);
  }
}

/** Vercel Cron and similar schedulers call with GET; same secret, same work. */
export const GET = POST;
