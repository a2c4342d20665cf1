import { getDb } from "@/db/client";
import { PayloadTooLargeError, ValidationError } from "@/server/lib/errors";
import { errorResponse, json, readBodyOrThrow, requestIdOf } from "@/server/lib/http";
import { assertMerchant } from "@/server/lib/merchant-auth";
import { publicOrder } from "@/server/orders/public-order";
import { registerOrder } from "@/server/orders/register-order";

export const dynamic = "force-dynamic";

/** An order is a few hundred bytes; anything near this is a broken or hostile client. */
const MAX_ORDER_BODY_BYTES = 64 * 1024;

export async function POST(req: Request): Promise<Response> {
  const requestId = requestIdOf(req);
  try {
    // Headers only, nothing read yet: a declared oversized body is refused outright, then the key is
    // checked, then at most MAX_ORDER_BODY_BYTES are read (a chunked body is cut off there), then parsed.
    if (Number(req.headers.get("content-length")) > MAX_ORDER_BODY_BYTES) throw new PayloadTooLargeError(`body larger than ${MAX_ORDER_BODY_BYTES} bytes`);
    assertMerchant(req);
    const text = await readBodyOrThrow(req, MAX_ORDER_BODY_BYTES);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ValidationError("body must be JSON");
    }
    const { order, created } = await registerOrder(await getDb(), body as never);
    return json(publicOrder(order), created ? 201 : 200, { "x-request-id": requestId, location: `/api/v1/orders/${encodeURIComponent(order.orderNo)}` });
  } catch (e) {
    return errorResponse(e, requestId);
  }
}
