import { createHash, timingSafeEqual } from "node:crypto";
import { getDbHandle } from "@/db/client";
import { getServerSession } from "next-auth";
import { authOptions } from "@/server/auth/auth-options";
import { getSessionUser } from "@/server/auth/get-session-user";
import { getEnv } from "@/server/env";
import { log } from "@/server/lib/log";
import { getHealth, type Health } from "@/server/ops/get-health";

export const dynamic = "force-dynamic";

const digest = (s: string) => createHash("sha256").update(s).digest();
const NO_STORE = { "cache-control": "no-store" };

/** Cron secret as a bearer, or a signed-in console session. Any failure to tell means "no". */
async function mayReadDetails(req: Request): Promise<boolean> {
  const m = /^Bearer\s+(.+)$/i.exec(req.headers.get("authorization") ?? "");
  if (m) {
    try {
      return timingSafeEqual(digest(m[1]!.trim()), digest(getEnv().CRON_SECRET));
    } catch {
      return false;
    }
  }
  try {
    return (await getSessionUser()) !== null;
  } catch {
    // Database down: the user cannot be re-read, but a valid signed session cookie still tells us an ops
    // person is looking, and that is exactly when they need the details.
    try {
      return Boolean((await getServerSession(authOptions()))?.user);
    } catch {
      return false;
    }
  }
}

/**
 * Load balancers get up or down (200 / 503) and nothing else; the details (driver, migrations, queue
 * depth, errors) only with the cron secret or a session. Whatever fails here (environment, database at
 * boot) is still an answer a load balancer understands: 503 down, never a bare 500.
 */
export async function GET(req: Request): Promise<Response> {
  let health: Health | null = null;
  try {
    health = await getHealth(getDbHandle);
  } catch (e) {
    log.error("health check failed", { error: e });
  }
  const down = !health || health.status === "down";
  const status = down ? 503 : 200;
  if (health && (await mayReadDetails(req))) return Response.json(health, { status, headers: NO_STORE });
  return Response.json({ status: down ? "down" : "up" }, { status, headers: NO_STORE });
}
