import { getDbHandle } from "@/db/client";
import { startWorkerInboxApplier } from "@/server/callbacks/start-callback-background";

// `bench:callbacks --applier worker`: the callback inbox applied by a process of its own (the applier of
// `npm run worker`, without the job runner, so only applying is measured), while the web process only
// verifies, stores and acknowledges (CALLBACK_APPLY_IN_PROCESS=false).
const handle = await getDbHandle();
const inbox = await startWorkerInboxApplier(handle.db);
console.log("apply worker ready");
process.once("SIGTERM", () => {
  void inbox
    .stop()
    .then(() => handle.close())
    .finally(() => process.exit(0));
});
