import { NextIntlClientProvider } from "next-intl";
import { createElement, type ComponentProps } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { loadMessages } from "@/messages/areas";
import type { Locale } from "@/lib/i18n/locale";
import { useI18n } from "./i18n-provider";

function Probe() {
  const { locale, timeZone, zoneLabel, t, dateTime, money } = useI18n();
  return createElement(
    "p",
    null,
    [locale, timeZone, zoneLabel, t("jobs.replayed", { n: 2 }), t("nav.orders"), dateTime("2025-11-25T06:03:07Z"), dateTime(null), money(123456, "CNY"), money(null, "CNY"), money(500, "JPY")].join(" | "),
  );
}

async function render(locale: Locale, timeZone = "Asia/Shanghai"): Promise<string> {
  const messages = await loadMessages(locale);
  return renderToStaticMarkup(createElement(
      NextIntlClientProvider,
      // children come as createElement's third argument; the props type counts them as required.
      { locale, messages, timeZone, now: new Date("2026-07-01T00:00:00Z") } as ComponentProps<typeof NextIntlClientProvider>,
      createElement(Probe),
    ));
}

describe("useI18n", () => {
  it("translates with ICU plurals and formats times in the business zone and money by minor units", async () => {
    expect(await render("zh-CN")).toBe("<p>zh-CN | Asia/Shanghai | GMT+8 | 已重放 2 个任务 | 订单 | 2025-11-25 14:03:07 | — | ¥1,234.56 | — | JP¥500</p>");
    expect(await render("en")).toBe("<p>en | Asia/Shanghai | GMT+8 | Replayed 2 jobs | Orders | 2025-11-25 14:03:07 | — | CN¥1,234.56 | — | ¥500</p>");
  });

  it("labels the zone from the request's now, so a summer-time zone shows its summer offset", async () => {
    expect(await render("en", "Europe/Berlin")).toContain(" | GMT+2 | ");
    expect(await render("en", "Europe/Berlin")).toContain("2025-11-25 07:03:07");
  });
});
