import "server-only";
import { z } from "zod";
import { DISCREPANCY_STATUSES, DISCREPANCY_TYPES, PROVIDERS } from "@/lib/enums";
import { rolesFor } from "@/server/auth/permissions";
import { listDiscrepancies } from "@/server/discrepancies/list-discrepancies";
import { forRole } from "@/server/privacy/present-for-role";
import { roleProcedure, router } from "../trpc";

export const discrepancyRouter = router({
  list: roleProcedure(...rolesFor("discrepancy.list"))
    .input(
      z.object({
        status: z.enum(DISCREPANCY_STATUSES).optional(),
        type: z.enum(DISCREPANCY_TYPES).optional(),
        provider: z.enum(PROVIDERS).optional(),
        orderNo: z.string().max(64).optional(),
        limit: z.number().int().min(1).max(500).optional(),
      }),
    )
    // Facts copied from provider messages may carry personal data.
    .query(async ({ ctx, input }) => forRole(await listDiscrepancies(ctx.db, input), ctx.user.role)),
});
