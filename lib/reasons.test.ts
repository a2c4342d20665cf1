import { readFileSync } from "node:fs";
import path from "node:path";
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { formatMoney } from "./money";
import {
  asReason,
  formatReasonParams,
  parseLegacyReason,
  PROVIDER_QUERY_FAILURES,
  reason,
  REASON_CODES,
  REASON_PARAMS,
  resolveReason,
  type Reason,
  type ReasonParamKind,
  type ReasonParamValue,
} from "./reasons";

const LOCALES = ["zh-CN", "en"] as const;
const messagesOf = (locale: string, area: string) =>
  JSON.parse(readFileSync(path.resolve(import.meta.dirname, `../messages/${locale}/${area}.json`), "utf8")) as Record<string, unknown>;

const SAMPLE: Record<ReasonParamKind, ReasonParamValue> = {
  text: "TRADE_SUCCESS",
  count: 3,
  money: { amountMinor: 6700, currency: "CNY" },
  time: "2026-11-26T02:03:04.000Z",
  status: "PAID",
};

// Sentences that pick their words by a `failure` parameter (ICU select): the HTTP status shows only for
// http_status and the raw error only for "other". They get their own test below.
const QUERY_FAILURE_CODES = ["job.status_query_failed", "order.no_provider_answer", "outcome.provider_query_failed"] as const;
const SELECTED_BY_FAILURE = new Set(["failure", "httpStatus", "error"]);

function sample(code: (typeof REASON_CODES)[number]): Reason {
  const kinds = REASON_PARAMS[code] as Record<string, ReasonParamKind>;
  return { code, params: Object.fromEntries(Object.entries(kinds).map(([name, kind]) => [name, SAMPLE[kind]])) };
}

describe("reason sentences", () => {
  for (const locale of LOCALES) {
    it(`every code reads as a full sentence in ${locale}, money and statuses formatted`, () => {
      const messages = { reasons: messagesOf(locale, "reasons"), status: messagesOf(locale, "status") };
      const errors: string[] = [];
      const t = createTranslator({ locale, messages, onError: (e) => errors.push(e.message) }) as unknown as (k: string, v?: Record<string, string | number>) => string;
      const formatters = { money: (m: number | null | undefined, c: string | null | undefined) => formatMoney(m!, c!, locale), dateTime: (d: Date | string | null | undefined) => String(d), t };
      for (const code of REASON_CODES) {
        const text = t(`reasons.${code}`, formatReasonParams(sample(code), formatters));
        expect(errors, code).toEqual([]);
        expect(text, code).not.toContain("{");
        expect(text, code).not.toBe(`reasons.${code}`);
        for (const [name, kind] of Object.entries(REASON_PARAMS[code] as Record<string, ReasonParamKind>)) {
          if ((QUERY_FAILURE_CODES as readonly string[]).includes(code) && SELECTED_BY_FAILURE.has(name)) continue;
          // Each parameter shows up in the sentence, formatted (a sentence that drops one hides a fact).
          if (kind === "text") expect(text, `${code}.${name}`).toContain("TRADE_SUCCESS");
          if (kind === "count") expect(text, `${code}.${name}`).toMatch(/3/);
          if (kind === "money") expect(text, `${code}.${name}`).toContain(formatMoney(6700, "CNY", locale));
          if (kind === "status") expect(text, `${code}.${name}`).toContain(locale === "zh-CN" ? "已支付" : "Paid");
        }
      }
    });
  }

  for (const locale of LOCALES) {
    it(`a failed provider query reads as its own sentence per failure kind in ${locale}`, () => {
      const t = createTranslator({ locale, messages: { reasons: messagesOf(locale, "reasons") } }) as unknown as (k: string, v?: Record<string, string | number>) => string;
      for (const code of QUERY_FAILURE_CODES) {
        const seen = new Set<string>();
        for (const failure of PROVIDER_QUERY_FAILURES) {
          const text = t(`reasons.${code}`, { failure, httpStatus: 503, error: "socket hang up", queries: 3 });
          expect(text, `${code} ${failure}`).not.toContain("{");
          // the HTTP status only where it is the fact; the raw English error only when nothing better is known
          expect(text.includes("503"), `${code} ${failure}`).toBe(failure === "http_status");
          expect(text.includes("socket hang up"), `${code} ${failure}`).toBe(failure === "other");
          seen.add(text);
        }
        expect(seen.size, code).toBe(PROVIDER_QUERY_FAILURES.length);
      }
    });
  }

  it("has no sentence without a code (a removed code leaves no orphan message)", () => {
    for (const locale of LOCALES) {
      const file = messagesOf(locale, "reasons") as Record<string, Record<string, string>>;
      const keys = Object.entries(file).flatMap(([group, msgs]) => (group === "ui" ? [] : Object.keys(msgs).map((k) => `${group}.${k}`)));
      expect(keys.sort(), locale).toEqual([...REASON_CODES].sort());
    }
  });

  it("reads the amount mismatch in Chinese with both amounts formatted", () => {
    const t = createTranslator({ locale: "zh-CN", messages: { reasons: messagesOf("zh-CN", "reasons") } }) as unknown as (k: string, v?: Record<string, string | number>) => string;
    const r = reason("discrepancy.amount_mismatch", { paid: { amountMinor: 6700, currency: "CNY" }, expected: { amountMinor: 6800, currency: "CNY" } });
    const f = { money: (m: number | null | undefined, c: string | null | undefined) => formatMoney(m!, c!, "zh-CN"), dateTime: String, t };
    expect(t(`reasons.${r.code}`, formatReasonParams(r, f))).toBe("实付 ¥67.00，订单金额 ¥68.00");
  });
});

describe("parseLegacyReason", () => {
  it("recognises the English texts stored before codes", () => {
    expect(parseLegacyReason("signature mismatch")).toEqual({ code: "callback.signature_mismatch" });
    expect(parseLegacyReason("signature mismatch (fund_bill_list is HTML-escaped)")).toEqual({ code: "callback.signature_mismatch" });
    expect(parseLegacyReason("missing stripe-signature header")).toEqual({ code: "callback.missing_header", params: { header: "stripe-signature" } });
    expect(parseLegacyReason("timestamp 900s old (max 300s)")).toEqual({ code: "callback.timestamp_stale", params: { ageSeconds: 900, maxSeconds: 300 } });
    expect(parseLegacyReason("order D-42 is not registered yet; applied when it is")).toEqual({ code: "outcome.unknown_order", params: { orderNo: "D-42" } });
    expect(parseLegacyReason("merchant answered HTTP 503")).toEqual({ code: "job.merchant_http_status", params: { httpStatus: 503 } });
    expect(parseLegacyReason("already handled (message #17)")).toEqual({ code: "outcome.duplicate_message", params: { firstMessageId: 17 } });
    expect(parseLegacyReason("CREATED → PAID (TRADE_SUCCESS)")).toEqual({ code: "outcome.applied_paid", params: { providerStatus: "TRADE_SUCCESS" } });
  });

  it("reads legacy amounts only when the row says which currency", () => {
    const text = "paid 6700, order is 6800 (minor units)";
    expect(parseLegacyReason(text)).toBeNull();
    expect(parseLegacyReason(text, { currency: "CNY" })).toEqual({
      code: "discrepancy.amount_mismatch",
      params: { paid: { amountMinor: 6700, currency: "CNY" }, expected: { amountMinor: 6800, currency: "CNY" } },
    });
    expect(parseLegacyReason("paid unknown, order is 6800 (minor units)", { currency: "CNY" })).toEqual({
      code: "discrepancy.amount_missing",
      params: { expected: { amountMinor: 6800, currency: "CNY" } },
    });
  });

  it("leaves anything else as text (shown as stored)", () => {
    expect(parseLegacyReason(null)).toBeNull();
    expect(parseLegacyReason("")).toBeNull();
    expect(parseLegacyReason("something new from a provider")).toBeNull();
    // Anchored: a text that only contains a known phrase is not that reason.
    expect(parseLegacyReason("upstream said: merchant answered HTTP 503")).toBeNull();
  });
});

describe("stored reasons", () => {
  it("prefers the stored code over the text, and drops codes it does not know", () => {
    expect(resolveReason({ code: "callback.decryption_failed" }, "signature mismatch")).toEqual({ code: "callback.decryption_failed" });
    expect(resolveReason({ code: "no.such_code" }, "signature mismatch")).toEqual({ code: "callback.signature_mismatch" });
    expect(asReason({ code: "job.no_handler", params: [] })).toBeNull();
    expect(asReason("job.no_handler")).toBeNull();
    expect(resolveReason(null, "free text")).toBeNull();
  });
});
