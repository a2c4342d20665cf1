import "server-only";
import type { Db } from "@/db/client";
import { getEnv } from "@/server/env";
import { startInboxApplier, type InboxApplier } from "./inbox-applier";

/** `npm run worker`: an applier of its own that polls the inbox (web processes kick theirs directly). */
export async function startWorkerInboxApplier(db: Db): Promise<InboxApplier> {
  return startInboxApplier(db, { pollMs: getEnv().CALLBACK_APPLY_POLL_INTERVAL, name: "worker" });
}
