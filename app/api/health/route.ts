import { getDbHandle } from "@/db/client";
import { getHealth } from "@/server/ops/get-health";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const health = await getHealth(getDbHandle);
  return Response.json(health, { status: health.status === "down" ? 503 : 200, headers: { "cache-control": "no-store" } });
}
