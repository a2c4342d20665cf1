import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { getDb } from "@/db/client";
import type { Actor } from "@/server/audit/write-audit";
import { holds, type Permission } from "@/server/auth/permissions";
import type { SignedInUser } from "@/server/auth/sign-in";
import { DomainError } from "@/server/lib/errors";
import { log } from "@/server/lib/log";

export interface Context {
  /** The signed-in, active user (re-read from the database for this request), or null. */
  user: SignedInUser | null;
  requestId: string;
}

export interface Meta {
  /**
   * The permission (server/auth/permissions.ts) a caller must hold. Required: a procedure without it
   * refuses everyone. Amount-aware refund limits are checked in the domain (server/refunds/refund-authority.ts).
   */
  permission?: Permission;
}

const GENERIC_MESSAGE = "Internal error. Quote the request id to support.";

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    // The one place errors are shaped for clients. Domain errors arrive already translated (see the
    // middleware below); anything else was unexpected and is logged in full but reported generically.
    errorFormatter({ shape, error, ctx }) {
      const unexpected = error.code === "INTERNAL_SERVER_ERROR";
      return {
        ...shape,
        message: unexpected ? GENERIC_MESSAGE : shape.message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          requestId: ctx?.requestId,
          zod: error.cause && error.code === "BAD_REQUEST" && "issues" in (error.cause as object) ? (error.cause as unknown as { issues: unknown }).issues : undefined,
        },
      };
    },
  });

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;

/** Translates domain errors to tRPC codes and hides everything else. */
const errorTranslation = t.middleware(async ({ next, path, ctx }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof DomainError) {
      throw new TRPCError({ code: cause.code, message: cause.message, cause });
    }
    if (result.error.code === "INTERNAL_SERVER_ERROR") {
      log.error("procedure failed", { path, requestId: ctx.requestId, error: cause ?? result.error });
    }
  }
  return result;
});

export const publicProcedure = t.procedure.use(errorTranslation);

export const protectedProcedure = publicProcedure.use(async ({ ctx, meta, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "sign in first" });
  // Fail closed: a procedure that forgot to declare its permission is callable by nobody.
  if (!meta?.permission || !holds(ctx.user, meta.permission)) throw new TRPCError({ code: "FORBIDDEN", message: "your role may not do this" });
  const user = ctx.user;
  const actor: Actor = { id: user.id, label: user.email, role: user.role, requestId: ctx.requestId };
  return next({ ctx: { user, actor, db: await getDb() } });
});

/** A procedure for holders of `permission`; it is the meta, so the permission test can read it back. */
export function procedureFor(permission: Permission) {
  return protectedProcedure.meta({ permission });
}
