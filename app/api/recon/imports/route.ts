import { getDb } from "@/db/client";
import { getSessionUser } from "@/server/auth/get-session-user";
import { uploadStatement } from "./handler";

export const dynamic = "force-dynamic";
// Statements can be large: the body is streamed into the import, never buffered whole.
export const maxDuration = 300;

/** The workbench's statement upload (handler.ts): recon.import, streamed, one code path with the CLI and the pull. */
export async function POST(req: Request): Promise<Response> {
  return uploadStatement(req, await getSessionUser(), await getDb());
}
