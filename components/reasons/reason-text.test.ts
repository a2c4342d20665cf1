import { readFileSync } from "node:fs";
import path from "node:path";
import { NextIntlClientProvider } from "next-intl";
import { createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AuditChange } from "@/components/audit/audit-change";
import type { Locale } from "@/lib/i18n/locale";
import { reason } from "@/lib/reasons";
import { ReasonText } from "./reason-text";

const area = (locale: string, name: string) => JSON.parse(readFileSync(path.resolve(import.meta.dirname, `../../messages/${locale}/${name}.json`), "utf8"));
const messages = (locale: string) => ({ reasons: area(locale, "reasons"), audit: area(locale, "audit"), status: area(locale, "status"), common: area(locale, "common") });

function render(locale: Locale, node: ReactNode): string {
  // The provider's props type requires children among the props; they are the node rendered.
  const props = { locale, messages: messages(locale), timeZone: "Asia/Shanghai", now: new Date("2026-11-26T00:00:00Z"), onError: () => undefined, children: node };
  return renderToStaticMarkup(createElement(NextIntlClientProvider, props));
}

describe("<ReasonText>", () => {
  const mismatch = reason("discrepancy.amount_mismatch", { paid: { amountMinor: 6700, currency: "CNY" }, expected: { amountMinor: 6800, currency: "CNY" } });
  const raw = "paid 6700, order is 6800 (minor units)";

  it("reads a coded reason in the active language, with the raw text behind a button", () => {
    const zh = render("zh-CN", createElement(ReasonText, { reason: mismatch, raw }));
    expect(zh).toContain("实付 ¥67.00，订单金额 ¥68.00");
    expect(zh).toMatch(/<button[^>]*aria-expanded="false"[^>]*>原始信息<\/button>/);
    expect(zh).not.toContain("minor units"); // one click away, not on the page
    expect(render("en", createElement(ReasonText, { reason: mismatch, raw }))).toContain("Paid CN¥67.00, order is CN¥68.00");
  });

  it("renders a legacy row from its text, and shows unknown text as stored", () => {
    expect(render("zh-CN", createElement(ReasonText, { reason: null, raw: "merchant answered HTTP 503" }))).toContain("商户系统返回 HTTP 503");
    expect(render("zh-CN", createElement(ReasonText, { reason: null, raw, currency: "CNY" }))).toContain("实付 ¥67.00");
    const unknown = render("zh-CN", createElement(ReasonText, { reason: null, raw: "something new" }));
    expect(unknown).toContain("something new");
    expect(unknown).not.toContain("<button");
  });
});

describe("<AuditChange>", () => {
  it("shows an order's change as translated fields, with the JSON one click away", () => {
    const html = render("zh-CN", createElement(AuditChange, { action: "order.paid", before: { status: "CREATED" }, after: { status: "PAID", via: "notify" }, showAction: true }));
    expect(html).toContain("订单已支付");
    expect(html).toMatch(/状态：<\/span><span>待支付<\/span><span[^>]*>→<\/span><span>已支付<\/span>/);
    expect(html).toContain("<summary");
    expect(html).toContain("{&quot;status&quot;:&quot;CREATED&quot;}");
  });

  it("renders a close reason stored as code and params as a sentence", () => {
    const after = { status: "CLOSED", reason: "provider: TRADE_CLOSED", code: "provider_closed", params: { providerStatus: "TRADE_CLOSED" }, via: "notify" };
    const html = render("zh-CN", createElement(AuditChange, { action: "order.closed", before: { status: "CREATED" }, after }));
    expect(html).toContain("渠道已关闭该支付（TRADE_CLOSED）");
  });
});
