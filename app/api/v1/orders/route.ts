import { getDb } from "@/db/client";
import { ValidationError } from "@/server/lib/errors";
import { errorResponse, json, requestIdOf } from "@/server/lib/http";
import { assertMerchant } from "@/server/lib/merchant-auth";
import { publicOrder } from "@/server/orders/public-order";
import { registerOrder } from "@/server/orders/register-order";

export const dynamic = "force-dynamic";

export async function POST(req: Request): Promise<Response> {
  const requestId = requestIdOf(req);
  try {
    assertMerchant(req);
    let body: unknown;
    try {
      body = await req.json();
    } catch {
      throw new ValidationError("body must be JSON");
    }
    const { order, created } = await registerOrder(await getDb(), body as never);
    return json(publicOrder(order), created ? 201 : 200, { "x-request-id": requestId, location: `/api/v1/orders/${encodeURIComponent(order.orderNo)}` });
  } catch (e) {
    return errorResponse(e, requestId);
  }
}
