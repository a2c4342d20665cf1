import { describe, expect, it } from "vitest";
import { DEFAULT_TEMPLATES, inQuietHours, parseClock, renderTemplate, smsText, TEMPLATE_KEYS, TEMPLATE_VARIABLES, unknownVariables } from "./user-notices";

const values = { name: "138****1234", orderNo: "ORD1", amount: "¥12.30", expected: "30 分钟", nextStep: "如有疑问请联系在线客服", link: "https://x/lookup?order=ORD1" };

describe("user notice templates", () => {
  it("fills every variable and leaves unknown placeholders visible", () => {
    expect(renderTemplate("{name} {orderNo} {amount} {expected} {nextStep} {link} {oops}", values)).toBe("138****1234 ORD1 ¥12.30 30 分钟 如有疑问请联系在线客服 https://x/lookup?order=ORD1 {oops}");
    expect(unknownVariables("{orderNo} {oops} {amount} {x1}")).toEqual(["oops", "x1"]);
  });

  it("every shipped template uses only known variables and mentions the order", () => {
    for (const key of TEMPLATE_KEYS) {
      for (const channel of ["sms", "push"] as const) {
        for (const locale of ["zh-CN", "en"] as const) {
          const body = DEFAULT_TEMPLATES[key][channel][locale];
          expect(unknownVariables(body)).toEqual([]);
          expect(body).toContain("{orderNo}");
        }
      }
    }
    expect(TEMPLATE_VARIABLES).toContain("nextStep");
  });

  it("an SMS always ends with the opt-out instruction of its language", () => {
    expect(smsText("您好", "zh-CN")).toBe("您好回T退订");
    expect(smsText("Hello", "en")).toBe("Hello Reply T to opt out");
  });
});

describe("quiet hours", () => {
  it("parses HH:MM and wraps midnight", () => {
    expect(parseClock("21:00")).toBe(1260);
    expect(parseClock("9:00")).toBeNull();
    expect(parseClock("24:00")).toBeNull();
    const [start, end] = [1260, 540];
    expect(inQuietHours(1259, start, end)).toBe(false);
    expect(inQuietHours(1260, start, end)).toBe(true);
    expect(inQuietHours(0, start, end)).toBe(true);
    expect(inQuietHours(539, start, end)).toBe(true);
    expect(inQuietHours(540, start, end)).toBe(false);
    expect(inQuietHours(60, 0, 120)).toBe(true);
    expect(inQuietHours(600, 600, 600)).toBe(false);
  });
});
