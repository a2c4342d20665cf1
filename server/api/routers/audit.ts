import "server-only";
import { z } from "zod";
import { listAudit } from "@/server/audit/list-audit";
import { cursorInput } from "@/server/lib/keyset";
import { forRole } from "@/server/privacy/present-for-role";
import { procedureFor, router } from "../trpc";

export const auditRouter = router({
  list: procedureFor("audit.read")
    .input(
      z.object({
        entityType: z.string().max(64).optional(),
        entityId: z.string().max(128).optional(),
        action: z.string().max(64).optional(),
        actor: z.string().max(128).optional(),
        cursor: cursorInput.optional(),
        limit: z.number().int().min(1).max(200).optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const result = await listAudit(ctx.db, input);
      return forRole(result, ctx.user.role);
    }),
});
