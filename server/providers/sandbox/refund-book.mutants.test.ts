import { describe, expect, it } from "vitest";
import { SandboxRefundBook, type SandboxRefundRequest, type SandboxRefundStatus } from "./refund-book";
import { signSandboxPayload } from "./sign";

// The sandbox provider's refund API (shared by the simulator and the test fake), driven directly.

const SECRET = "sbx_refund_book_secret_0123456789";
const NOW = new Date("2026-11-26T10:00:00.750Z");
const NOW_S = 1_795_687_200; // NOW in unix seconds (floored)
const H = "sandbox-signature";

const signed = (body: string, secret = SECRET, t = NOW_S) => ({ [H]: signSandboxPayload(secret, body, t) });

function request(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { refundNo: "RF20261126BOOK0001", orderNo: "ORD20261126BOOK01", transactionId: "TX-1", amountMinor: 1_230, currency: "CNY", reason: "charged_twice", ...over };
}

function post(book: SandboxRefundBook, doc: unknown, now = NOW) {
  const body = typeof doc === "string" ? doc : JSON.stringify(doc);
  return book.handle("POST", "/refunds", signed(body), body, now);
}

function get(book: SandboxRefundBook, refundNo: string, now = NOW) {
  return book.handle("GET", `/refunds/${refundNo}`, signed(""), "", now);
}

/** The exact signed reply the book must give. */
function expectReply(reply: ReturnType<SandboxRefundBook["handle"]>, status: number, doc: object) {
  const body = JSON.stringify(doc);
  expect(reply).toEqual({ status, headers: { "content-type": "application/json; charset=utf-8", [H]: signSandboxPayload(SECRET, body, NOW_S) }, body });
}

describe("SandboxRefundBook routing", () => {
  it("answers only /refunds and /refunds/:no", () => {
    const book = new SandboxRefundBook(SECRET);
    expect(NOW_S).toBe(Math.floor(NOW.getTime() / 1000));
    for (const path of ["/payments/ORD1", "/refunds/", "/refunds/RF1/extra", "/x/refunds/RF1", "/refundsX", "/refunds/RF1/", "/", ""]) {
      expect(book.handle("GET", path, signed(""), "", NOW)).toBeUndefined();
      expect(book.handle("POST", path, signed("{}"), "{}", NOW)).toBeUndefined();
    }
  });

  it("refuses the wrong method with a signed 405", () => {
    const book = new SandboxRefundBook(SECRET);
    expectReply(book.handle("GET", "/refunds", signed(""), "", NOW), 405, { error: "method_not_allowed" });
    expectReply(book.handle("PUT", "/refunds", signed(""), "", NOW), 405, { error: "method_not_allowed" });
    const body = JSON.stringify(request());
    expectReply(book.handle("POST", "/refunds/RF20261126BOOK0001", signed(body), body, NOW), 405, { error: "method_not_allowed" });
    expectReply(book.handle("DELETE", "/refunds/RF1", signed(""), "", NOW), 405, { error: "method_not_allowed" });
    expect(book.size).toBe(0);
  });

  it("refuses unsigned, wrongly signed or stale requests with 401 and creates nothing", () => {
    const book = new SandboxRefundBook(SECRET);
    const body = JSON.stringify(request());
    expectReply(book.handle("POST", "/refunds", {}, body, NOW), 401, { error: "signature_invalid", message: "missing sandbox-signature header" });
    expectReply(book.handle("POST", "/refunds", signed(body, "another-secret"), body, NOW), 401, { error: "signature_invalid", message: "signature mismatch" });
    expectReply(book.handle("POST", "/refunds", signed(`${body} `), body, NOW), 401, { error: "signature_invalid", message: "signature mismatch" });
    expectReply(book.handle("POST", "/refunds", signed(body, SECRET, NOW_S - 301), body, NOW), 401, { error: "signature_invalid", message: "timestamp 301s old (max 300s)" });
    expectReply(book.handle("GET", "/refunds/RF1", {}, "", NOW), 401, { error: "signature_invalid", message: "missing sandbox-signature header" });
    expect(book.size).toBe(0);
    expect(book.get("RF20261126BOOK0001")).toBeUndefined();
  });
});

describe("SandboxRefundBook create and ask again", () => {
  it("a new refund succeeds by default and is answered with {refundNo, status, amountMinor}", () => {
    const book = new SandboxRefundBook(SECRET);
    expectReply(post(book, request()), 200, { refundNo: "RF20261126BOOK0001", status: "SUCCESS", amountMinor: 1_230 });
    expect(book.size).toBe(1);
    expect(book.get("RF20261126BOOK0001")).toBe("SUCCESS");
    expect(book.get("RF-UNKNOWN")).toBeUndefined();
    expectReply(get(book, "RF20261126BOOK0001"), 200, { refundNo: "RF20261126BOOK0001", status: "SUCCESS", amountMinor: 1_230 });
  });

  it("an unknown refund no is a signed 404 naming it (decoded)", () => {
    const book = new SandboxRefundBook(SECRET);
    expectReply(get(book, "RF%2DNOPE"), 404, { error: "refund_not_found", refundNo: "RF-NOPE" });
  });

  it("hands decide() the parsed request, defaulting transactionId to null and reason to empty", () => {
    const seen: SandboxRefundRequest[] = [];
    const book = new SandboxRefundBook(SECRET, (req) => {
      seen.push(req);
      return { status: "FAILED" };
    });
    expectReply(post(book, { ...request({ refundNo: "RF-A" }), extra: "ignored" }), 200, { refundNo: "RF-A", status: "FAILED", amountMinor: 1_230 });
    expectReply(post(book, request({ refundNo: "RF-B", transactionId: 42, reason: 7 })), 200, { refundNo: "RF-B", status: "FAILED", amountMinor: 1_230 });
    const noOptional = request({ refundNo: "RF-C" });
    delete noOptional.transactionId;
    delete noOptional.reason;
    post(book, noOptional);
    expect(seen).toEqual([
      { refundNo: "RF-A", orderNo: "ORD20261126BOOK01", transactionId: "TX-1", amountMinor: 1_230, currency: "CNY", reason: "charged_twice" },
      { refundNo: "RF-B", orderNo: "ORD20261126BOOK01", transactionId: null, amountMinor: 1_230, currency: "CNY", reason: "" },
      { refundNo: "RF-C", orderNo: "ORD20261126BOOK01", transactionId: null, amountMinor: 1_230, currency: "CNY", reason: "" },
    ]);
    // FAILED is final: asking again does not settle it
    expectReply(get(book, "RF-A"), 200, { refundNo: "RF-A", status: "FAILED", amountMinor: 1_230 });
    expect(book.get("RF-A")).toBe("FAILED");
  });

  it("accepts the edge values of the request fields", () => {
    const book = new SandboxRefundBook(SECRET);
    const longest = "R".repeat(63) + "9";
    for (const [i, over] of ([
      { refundNo: "a" },
      { refundNo: "Az09_-" },
      { refundNo: longest },
      { refundNo: "RF-MIN", amountMinor: 1 },
      { refundNo: "RF-MAX", amountMinor: Number.MAX_SAFE_INTEGER },
      { refundNo: "RF-USD", currency: "USD" },
      { refundNo: "RF-ORD", orderNo: "x" },
    ] as Record<string, unknown>[]).entries()) {
      const reply = post(book, request(over));
      expect(reply?.status, `case ${i}`).toBe(200);
    }
    expect(book.size).toBe(7);
    expect(book.get(longest)).toBe("SUCCESS");
  });

  it.each([
    ["not JSON", "{refundNo"],
    ["JSON null", "null"],
    ["a JSON number", "42"],
    ["a JSON string", '"RF1"'],
    ["an empty array", "[]"],
    ["refundNo missing", { ...request(), refundNo: undefined }],
    ["refundNo not a string", request({ refundNo: 12345 })],
    ["refundNo empty", request({ refundNo: "" })],
    ["refundNo with a space", request({ refundNo: "RF 1" })],
    ["refundNo with a bad first char", request({ refundNo: "!RF1" })],
    ["refundNo with a bad last char", request({ refundNo: "RF1!" })],
    ["refundNo of 65 chars", request({ refundNo: "R".repeat(65) })],
    ["orderNo missing", { ...request(), orderNo: undefined }],
    ["orderNo not a string", request({ orderNo: 7 })],
    ["orderNo empty", request({ orderNo: "" })],
    ["amount zero", request({ amountMinor: 0 })],
    ["amount negative", request({ amountMinor: -1 })],
    ["amount fractional", request({ amountMinor: 12.5 })],
    ["amount as a string", request({ amountMinor: "1230" })],
    ["amount beyond safe integers", request({ amountMinor: 2 ** 53 })],
    ["currency missing", { ...request(), currency: undefined }],
    ["currency not a string", request({ currency: 156 })],
    ["currency as an array that reads like a code", request({ currency: ["CNY"] })],
    ["refundNo as an array that reads like one", request({ refundNo: ["RF1"] })],
    ["currency lower case", request({ currency: "cny" })],
    ["currency too short", request({ currency: "CN" })],
    ["currency with a leading extra letter", request({ currency: "XCNY" })],
    ["currency with a trailing extra letter", request({ currency: "CNYX" })],
  ])("refuses %s with a signed 400 and records nothing", (_label, doc) => {
    const book = new SandboxRefundBook(SECRET);
    expectReply(post(book, doc), 400, { error: "invalid_request" });
    expect(book.size).toBe(0);
  });

  it("the same refund no again is the same refund; another amount, order or currency is refused with 409", () => {
    const book = new SandboxRefundBook(SECRET);
    expectReply(post(book, request()), 200, { refundNo: "RF20261126BOOK0001", status: "SUCCESS", amountMinor: 1_230 });
    // reason and transaction id are not part of the identity
    expectReply(post(book, request({ reason: "other", transactionId: "TX-9" })), 200, { refundNo: "RF20261126BOOK0001", status: "SUCCESS", amountMinor: 1_230 });
    const discordant = { error: "discordant_repeat_request", refundNo: "RF20261126BOOK0001" };
    expectReply(post(book, request({ amountMinor: 1_231 })), 409, discordant);
    expectReply(post(book, request({ orderNo: "ORD-OTHER" })), 409, discordant);
    expectReply(post(book, request({ currency: "USD" })), 409, discordant);
    expect(book.size).toBe(1);
  });
});

describe("SandboxRefundBook PROCESSING settles", () => {
  const processing = (settlesAfter?: number) => new SandboxRefundBook(SECRET, (): { status: SandboxRefundStatus; settlesAfter?: number } => (settlesAfter === undefined ? { status: "PROCESSING" } : { status: "PROCESSING", settlesAfter }));
  const doc = (status: SandboxRefundStatus) => ({ refundNo: "RF20261126BOOK0001", status, amountMinor: 1_230 });

  it("by default after one more ask", () => {
    const book = processing();
    expectReply(post(book, request()), 200, doc("PROCESSING"));
    expect(book.get("RF20261126BOOK0001")).toBe("PROCESSING");
    expectReply(get(book, "RF20261126BOOK0001"), 200, doc("SUCCESS"));
    expect(book.get("RF20261126BOOK0001")).toBe("SUCCESS");
  });

  it("after exactly n asks, repeats counting like queries", () => {
    const book = processing(3);
    expectReply(post(book, request()), 200, doc("PROCESSING"));
    expectReply(get(book, "RF20261126BOOK0001"), 200, doc("PROCESSING"));
    expectReply(post(book, request()), 200, doc("PROCESSING"));
    expectReply(get(book, "RF20261126BOOK0001"), 200, doc("SUCCESS"));
    expectReply(get(book, "RF20261126BOOK0001"), 200, doc("SUCCESS"));
  });
});
