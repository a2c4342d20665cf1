import "server-only";
import { z } from "zod";
import { PROVIDERS } from "@/lib/enums";
import { listRangeInput } from "@/lib/list-range";
import { getCallbackBody } from "@/server/callbacks/get-callback-body";
import { listCallbacks, PROBLEM_KINDS } from "@/server/callbacks/list-callbacks";
import { revealCallbackBody } from "@/server/callbacks/reveal-callback-body";
import { cursorInput } from "@/server/lib/keyset";
import { forRole, maskMessage } from "@/server/privacy/present-for-role";
import { procedureFor, router } from "../trpc";

const id = z.number().int().positive();

export const callbackRouter = router({
  list: procedureFor("callback.read")
    .input(
      z.object({
        kind: z.enum(PROBLEM_KINDS).optional(),
        provider: z.enum(PROVIDERS).optional(),
        orderNo: z.string().max(64).optional(),
        range: listRangeInput.optional(),
        cursor: cursorInput.optional(),
        limit: z.number().int().min(1).max(200).optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const page = await listCallbacks(ctx.db, input);
      return forRole({ ...page, items: page.items.map(maskMessage) }, ctx.user.role);
    }),

  /** One message's body (capped), masked: loaded when someone opens it, one at a time. */
  body: procedureFor("order.read")
    .input(z.object({ id }))
    .query(async ({ ctx, input }) => forRole(maskMessage(await getCallbackBody(ctx.db, input.id)), ctx.user.role)),

  /** The same body unmasked, with a reason; audited. */
  reveal: procedureFor("callback.reveal")
    .input(z.object({ id, reason: z.string().trim().min(5).max(500) }))
    .mutation(({ ctx, input }) => revealCallbackBody(ctx.db, ctx.actor, input.id, input.reason)),
});
