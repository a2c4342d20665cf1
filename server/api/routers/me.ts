import "server-only";
import { getEnv } from "@/server/env";
import { rolesFor } from "@/server/auth/permissions";
import { roleProcedure, router } from "../trpc";

export const meRouter = router({
  get: roleProcedure(...rolesFor("me.get")).query(({ ctx }) => ({
    id: ctx.user.id,
    email: ctx.user.email,
    name: ctx.user.name,
    role: ctx.user.role,
    timeZone: getEnv().BUSINESS_TIMEZONE,
  })),
});
