import type { Db } from "@/db/client";
import { PROVIDERS, type Provider } from "@/lib/enums";
import { holds } from "@/server/auth/permissions";
import type { SignedInUser } from "@/server/auth/sign-in";
import { ForbiddenError, UnauthorizedError, ValidationError } from "@/server/lib/errors";
import { errorResponse, json, requestIdOf } from "@/server/lib/http";
import type { StatementFormat } from "@/server/recon/formats/types";
import { importStatement } from "@/server/recon/import-statement";
import { getStatementMapping } from "@/server/recon/statement-mappings";

async function* chunksOf(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (value) yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/**
 * POST /api/recon/imports?provider=alipay&date=2026-11-24[&mappingId=3]: the workbench upload. The raw file is
 * the body (the browser sends the File with XHR, so upload progress shows), streamed straight into
 * importStatement — the same path as the CLI and the daily pull. recon.import is checked here, on the server;
 * the import itself is audited. 200 { summary } or 4xx { error } with nothing changed.
 */
export async function uploadStatement(req: Request, user: SignedInUser | null, db: Db): Promise<Response> {
  const requestId = requestIdOf(req);
  try {
    if (!user) throw new UnauthorizedError("sign in first");
    if (!holds(user, "recon.import")) throw new ForbiddenError("recon.import required");
    const params = new URL(req.url).searchParams;
    const provider = params.get("provider") ?? "";
    if (!(PROVIDERS as readonly string[]).includes(provider)) throw new ValidationError(`provider must be one of ${PROVIDERS.join(", ")}`);
    const date = params.get("date") || undefined;
    if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new ValidationError("date must be YYYY-MM-DD");
    const mappingParam = params.get("mappingId");
    let format: StatementFormat = { kind: "provider", provider: provider as Provider };
    if (mappingParam) {
      const mappingId = Number(mappingParam);
      if (!Number.isSafeInteger(mappingId) || mappingId <= 0) throw new ValidationError("mappingId must be a saved mapping's id");
      const saved = await getStatementMapping(db, mappingId);
      if (saved.provider !== provider) throw new ValidationError(`mapping ${mappingId} is for ${saved.provider}, not ${provider}`);
      format = { kind: "mapping", provider: provider as Provider, mapping: saved.mapping };
    }
    if (!req.body) throw new ValidationError("the statement file is missing: send it as the request body");
    const headerName = req.headers.get("x-file-name");
    let fileName = `${provider}-${date ?? "statement"}`;
    if (headerName) {
      try {
        fileName = decodeURIComponent(headerName).slice(0, 255);
      } catch {
        fileName = headerName.slice(0, 255);
      }
    }
    const summary = await importStatement(
      db,
      { format, body: chunksOf(req.body), fileName, businessDate: date, source: "upload" },
      { id: user.id, label: user.email, role: user.role, requestId },
    );
    return json({ summary }, 200, { "x-request-id": requestId });
  } catch (e) {
    return errorResponse(e, requestId);
  }
}
