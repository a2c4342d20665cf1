import "server-only";
import { checkTimestampedHmac } from "@/server/lib/timestamped-hmac";
import { SANDBOX_SIGNATURE_HEADER, signSandboxPayload } from "./sign";
import { SANDBOX_TOLERANCE_SECONDS } from "./verify";

export type SandboxRefundStatus = "SUCCESS" | "PROCESSING" | "FAILED";

export interface SandboxRefundRequest {
  refundNo: string;
  orderNo: string;
  transactionId: string | null;
  amountMinor: number;
  currency: string;
  reason: string;
}

interface Entry {
  request: SandboxRefundRequest;
  status: SandboxRefundStatus;
  /** PROCESSING turns SUCCESS after this many more queries (or repeats). */
  settlesAfter: number;
}

export interface SandboxReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * The sandbox provider's refund API, as the console issue fixes it: `POST /refunds` with a signed JSON
 * {refundNo, orderNo, transactionId, amountMinor, currency, reason}, answered with a signed
 * {refundNo, status, amountMinor}; `GET /refunds/:refundNo` asks again. The same refundNo twice is one
 * refund (its current state comes back); the same refundNo with another amount or order is refused (409),
 * like Alipay's DISCORDANT_REPEAT_REQUEST. Unsigned or wrongly signed requests get 401. Shared by the
 * simulator (demo, e2e) and the test fake, so both behave the same.
 */
export class SandboxRefundBook {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly secret: string,
    /** How a new refund starts: SUCCESS, FAILED, or PROCESSING settling after n queries. */
    private readonly decide: (req: SandboxRefundRequest) => { status: SandboxRefundStatus; settlesAfter?: number } = () => ({ status: "SUCCESS" }),
  ) {}

  get(refundNo: string): SandboxRefundStatus | undefined {
    return this.entries.get(refundNo)?.status;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Answers one HTTP request; undefined when the path is not the refund API. */
  handle(method: string, pathname: string, headers: Record<string, string>, body: string, now: Date = new Date()): SandboxReply | undefined {
    const isCreate = pathname === "/refunds";
    const m = /^\/refunds\/([^/]+)$/.exec(pathname);
    if (!isCreate && !m) return undefined;
    if (isCreate && method !== "POST") return this.reply(405, { error: "method_not_allowed" }, now);
    if (m && method !== "GET") return this.reply(405, { error: "method_not_allowed" }, now);
    const check = checkTimestampedHmac({ header: headers[SANDBOX_SIGNATURE_HEADER], headerName: SANDBOX_SIGNATURE_HEADER, body, secret: this.secret, now, toleranceSeconds: SANDBOX_TOLERANCE_SECONDS });
    if (!check.ok) return this.reply(401, { error: "signature_invalid", message: check.reason }, now);
    if (m) {
      const entry = this.entries.get(decodeURIComponent(m[1]!));
      if (!entry) return this.reply(404, { error: "refund_not_found", refundNo: decodeURIComponent(m[1]!) }, now);
      return this.answer(entry, now);
    }
    const req = parseRequest(body);
    if (!req) return this.reply(400, { error: "invalid_request" }, now);
    const existing = this.entries.get(req.refundNo);
    if (existing) {
      const same = existing.request.amountMinor === req.amountMinor && existing.request.orderNo === req.orderNo && existing.request.currency === req.currency;
      if (!same) return this.reply(409, { error: "discordant_repeat_request", refundNo: req.refundNo }, now);
      return this.answer(existing, now);
    }
    const start = this.decide(req);
    const entry: Entry = { request: req, status: start.status, settlesAfter: start.settlesAfter ?? 1 };
    this.entries.set(req.refundNo, entry);
    return this.reply(200, this.doc(entry), now);
  }

  private answer(entry: Entry, now: Date): SandboxReply {
    if (entry.status === "PROCESSING") {
      entry.settlesAfter -= 1;
      if (entry.settlesAfter <= 0) entry.status = "SUCCESS";
    }
    return this.reply(200, this.doc(entry), now);
  }

  private doc(entry: Entry) {
    return { refundNo: entry.request.refundNo, status: entry.status, amountMinor: entry.request.amountMinor };
  }

  private reply(status: number, doc: object, now: Date): SandboxReply {
    const body = JSON.stringify(doc);
    return { status, headers: { "content-type": "application/json; charset=utf-8", [SANDBOX_SIGNATURE_HEADER]: signSandboxPayload(this.secret, body, Math.floor(now.getTime() / 1000)) }, body };
  }
}

function parseRequest(body: string): SandboxRefundRequest | null {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return null;
  }
  if (!doc || typeof doc !== "object") return null;
  const d = doc as Record<string, unknown>;
  if (typeof d.refundNo !== "string" || !/^[0-9A-Za-z_-]{1,64}$/.test(d.refundNo)) return null;
  if (typeof d.orderNo !== "string" || d.orderNo === "") return null;
  if (!Number.isSafeInteger(d.amountMinor) || (d.amountMinor as number) <= 0) return null;
  if (typeof d.currency !== "string" || !/^[A-Z]{3}$/.test(d.currency)) return null;
  return {
    refundNo: d.refundNo,
    orderNo: d.orderNo,
    transactionId: typeof d.transactionId === "string" ? d.transactionId : null,
    amountMinor: d.amountMinor as number,
    currency: d.currency,
    reason: typeof d.reason === "string" ? d.reason : "",
  };
}
