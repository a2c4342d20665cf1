import { describe, expect, it } from "vitest";
import { MESSAGES, pickLocale, translate } from "./messages";

describe("pickLocale", () => {
  it("prefers the cookie, then Accept-Language by q, then Chinese", () => {
    expect(pickLocale("en", "zh-CN,zh;q=0.9")).toBe("en");
    expect(pickLocale(undefined, "en-US,en;q=0.9,zh;q=0.8")).toBe("en");
    expect(pickLocale(undefined, "fr;q=1, zh-TW;q=0.5, en;q=0.4")).toBe("zh-CN");
    expect(pickLocale("de", "fr")).toBe("zh-CN");
    expect(pickLocale(undefined, null)).toBe("zh-CN");
  });
});

describe("messages", () => {
  it("has every key in both languages, non-empty, with the same placeholders", () => {
    for (const key of Object.keys(MESSAGES["zh-CN"]) as (keyof (typeof MESSAGES)["zh-CN"])[]) {
      const zh = MESSAGES["zh-CN"][key];
      const en = MESSAGES.en[key];
      expect(en, key).toBeTruthy();
      expect((en.match(/\{\w+\}/g) ?? []).sort(), key).toEqual((zh.match(/\{\w+\}/g) ?? []).sort());
    }
    expect(translate("en", "signin.error.rateLimited", { minutes: 12 })).toBe("Too many attempts, try again in 12 minutes.");
  });
});
