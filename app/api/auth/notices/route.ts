import { z } from "zod";
import { getDb } from "@/db/client";
import { getSessionUser } from "@/server/auth/get-session-user";
import { dismissNotices, listOpenNotices } from "@/server/auth/security-notices";
import { UnauthorizedError, ValidationError } from "@/server/lib/errors";
import { errorResponse, json, readBodyOrThrow, requestIdOf } from "@/server/lib/http";

// A static segment: Next routes /api/auth/notices here, not to next-auth's [...nextauth] catch-all.
export const dynamic = "force-dynamic";

const Dismiss = z.object({ ids: z.array(z.number().int().positive()).max(50) });

/** The signed-in user's open security notices (shown in the user menu). */
export async function GET(req: Request): Promise<Response> {
  const requestId = requestIdOf(req);
  try {
    const user = await getSessionUser();
    if (!user) throw new UnauthorizedError("sign in first");
    return json({ notices: await listOpenNotices(await getDb(), user.id) }, 200, { "cache-control": "private, no-store" });
  } catch (e) {
    return errorResponse(e, requestId);
  }
}

/** Dismisses some of the user's own notices. JSON only, so a cross-site form cannot post here. */
export async function POST(req: Request): Promise<Response> {
  const requestId = requestIdOf(req);
  try {
    const user = await getSessionUser();
    if (!user) throw new UnauthorizedError("sign in first");
    if (!req.headers.get("content-type")?.startsWith("application/json")) throw new ValidationError("body must be JSON");
    let body: unknown;
    try {
      body = JSON.parse(await readBodyOrThrow(req, 4096));
    } catch (e) {
      if (e instanceof SyntaxError) throw new ValidationError("body must be JSON");
      throw e;
    }
    const parsed = Dismiss.safeParse(body);
    if (!parsed.success) throw new ValidationError("ids must be a list of notice ids");
    return json({ dismissed: await dismissNotices(await getDb(), user.id, parsed.data.ids) });
  } catch (e) {
    return errorResponse(e, requestId);
  }
}
