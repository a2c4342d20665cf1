import { z } from "zod";
import { PROVIDERS } from "@/lib/enums";
import { rolesFor } from "@/server/auth/permissions";
import { listCallbacks, PROBLEM_KINDS } from "@/server/callbacks/list-callbacks";
import { roleProcedure, router } from "../trpc";

export const callbackRouter = router({
  list: roleProcedure(...rolesFor("callback.list"))
    .input(
      z.object({
        kind: z.enum(PROBLEM_KINDS).optional(),
        provider: z.enum(PROVIDERS).optional(),
        orderNo: z.string().max(64).optional(),
        cursor: z.number().int().positive().optional(),
        limit: z.number().int().min(1).max(200).optional(),
      }),
    )
    .query(({ ctx, input }) => listCallbacks(ctx.db, input)),
});
