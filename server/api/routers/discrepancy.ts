import "server-only";
import { z } from "zod";
import { DISCREPANCY_STATUSES, DISCREPANCY_TYPES, PROVIDERS } from "@/lib/enums";
import { listDiscrepancies } from "@/server/discrepancies/list-discrepancies";
import { cursorInput } from "@/server/lib/keyset";
import { forRole } from "@/server/privacy/present-for-role";
import { procedureFor, router } from "../trpc";

export const discrepancyRouter = router({
  list: procedureFor("discrepancy.read")
    .input(
      z.object({
        status: z.enum(DISCREPANCY_STATUSES).optional(),
        type: z.enum(DISCREPANCY_TYPES).optional(),
        provider: z.enum(PROVIDERS).optional(),
        orderNo: z.string().max(64).optional(),
        cursor: cursorInput.optional(),
        limit: z.number().int().min(1).max(200).optional(),
      }),
    )
    // Facts copied from provider messages may carry personal data.
    .query(async ({ ctx, input }) => forRole(await listDiscrepancies(ctx.db, input), ctx.user.role)),
});
