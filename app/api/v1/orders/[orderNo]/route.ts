import { getDb } from "@/db/client";
import { loadOrder } from "@/server/orders/load-order";
import { NotFoundError } from "@/server/lib/errors";
import { errorResponse, json, requestIdOf } from "@/server/lib/http";
import { assertMerchant } from "@/server/lib/merchant-auth";
import { publicOrder } from "@/server/orders/public-order";

export const dynamic = "force-dynamic";

/** Also the "did my payment go through?" entry an app calls for a user. */
export async function GET(req: Request, ctx: { params: Promise<{ orderNo: string }> }): Promise<Response> {
  const requestId = requestIdOf(req);
  try {
    assertMerchant(req);
    const { orderNo } = await ctx.params;
    const order = await loadOrder(await getDb(), orderNo);
    if (!order) throw new NotFoundError(`order ${orderNo} not found`);
    return json(publicOrder(order), 200, { "x-request-id": requestId, "cache-control": "no-store" });
  } catch (e) {
    return errorResponse(e, requestId);
  }
}
