import "server-only";
import { z } from "zod";
import { JOB_STATUSES } from "@/lib/enums";
import { getJob } from "@/server/jobs/get-job";
import { listJobs } from "@/server/jobs/list-jobs";
import { replayJob, replayJobs } from "@/server/jobs/replay-jobs";
import { cursorInput } from "@/server/lib/keyset";
import { forRole } from "@/server/privacy/present-for-role";
import { procedureFor, router } from "../trpc";

const jobId = z.number().int().positive();

export const jobRouter = router({
  list: procedureFor("job.read")
    .input(
      z.object({
        status: z.enum(JOB_STATUSES).optional(),
        type: z.string().max(64).optional(),
        orderNo: z.string().max(64).optional(),
        cursor: cursorInput.optional(),
        limit: z.number().int().min(1).max(200).optional(),
      }),
    )
    .query(async ({ ctx, input }) => forRole(await listJobs(ctx.db, input), ctx.user.role)),

  get: procedureFor("job.read")
    .input(z.object({ id: jobId }))
    .query(async ({ ctx, input }) => {
      const result = await getJob(ctx.db, input.id);
      return forRole(result, ctx.user.role);
    }),

  replay: procedureFor("job.replay")
    .input(z.object({ id: jobId }))
    .mutation(async ({ ctx, input }) => {
      await replayJob(ctx.db, ctx.actor, input.id);
      return { replayed: 1 };
    }),

  replayMany: procedureFor("job.replay")
    .input(
      z.union([
        z.object({ ids: z.array(jobId).min(1).max(1000) }),
        // "Replay all dead matching filter": at least a type, so one click cannot requeue every dead job there is.
        z.object({ filter: z.object({ type: z.string().min(1).max(64), orderNo: z.string().max(64).optional() }) }),
      ]),
    )
    .mutation(async ({ ctx, input }) => {
      const filter = "ids" in input ? { ids: input.ids } : input.filter;
      return { replayed: await replayJobs(ctx.db, ctx.actor, filter) };
    }),
});
