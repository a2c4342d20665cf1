import "server-only";
import { z } from "zod";
import { dismissSecurityNotices } from "@/server/auth/dismiss-security-notices";
import { listOpenNotices } from "@/server/auth/security-notices";
import { getEnv } from "@/server/env";
import { procedureFor, router } from "../trpc";

export const meRouter = router({
  get: procedureFor("me.read").query(({ ctx }) => ({
    id: ctx.user.id,
    email: ctx.user.email,
    name: ctx.user.name,
    role: ctx.user.role,
    timeZone: getEnv().BUSINESS_TIMEZONE,
  })),
  // The caller's own security notices (user menu). Every role holds me.read; each person only ever
  // reaches their own rows (the user id comes from the session, never from the input).
  notices: procedureFor("me.read").query(({ ctx }) => listOpenNotices(ctx.db, ctx.user.id)),
  // Dismissing one's own notice (audited); the ids of other people's notices are ignored.
  dismissNotice: procedureFor("me.update")
    .input(z.object({ ids: z.array(z.number().int().positive()).min(1).max(50) }))
    .mutation(async ({ ctx, input }) => ({ dismissed: await dismissSecurityNotices(ctx.db, { ...ctx.actor, id: ctx.user.id }, input.ids) })),
});
