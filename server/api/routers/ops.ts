import "server-only";
import { getDbHandle } from "@/db/client";
import { getHealth } from "@/server/ops/get-health";
import { procedureFor, router } from "../trpc";

export const opsRouter = router({
  // The same detailed health as GET /api/health with the cron secret (that route stays for probes).
  // getHealth never throws for a database that is down: it answers status "down" with the error.
  health: procedureFor("ops.read").query(() => getHealth(getDbHandle)),
});
