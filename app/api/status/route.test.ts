import { describe, expect, it } from "vitest";
import { publishNotice } from "@/server/status/publish-notice";
import { useTestDb } from "@/test/db";
import { GET, OPTIONS } from "./route";

const db = useTestDb();
const ops = { id: "00000000-0000-4000-8000-000000000001", label: "ops@payops.local", role: "ops" as const };
const get = (query = "", headers: Record<string, string> = {}) => GET(new Request(`http://t/api/status${query}`, { headers }));

describe("GET /api/status", () => {
  it("answers the contract's shape, cacheable, CORS-open, cookie-free; a publish shows at once; ETag/304; locale by query then Accept-Language", async () => {
    let res = await get("", { "accept-language": "en-US,en;q=0.9" });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=5, s-maxage=10, stale-while-revalidate=30");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("vary")).toBe("Accept-Language");
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("set-cookie")).toBeNull();
    const calm = await res.json();
    expect(calm).toMatchObject({ page: { name: "PayOps service status", url: "http://127.0.0.1:3999/status" }, status: { indicator: "none", description: "All systems operational" }, banner: null });
    expect(calm.components.map((c: { key: string }) => c.key)).toEqual(["alipay", "wechat", "card", "orders", "refunds"]);
    expect(calm.components[0]).toEqual({ key: "alipay", name: "Alipay", state: "operational" });
    const calmTag = res.headers.get("etag")!;
    expect(calmTag).toMatch(/^"[\w-]+"$/);

    res = await get("", { "if-none-match": calmTag, "accept-language": "en" });
    expect(res.status).toBe(304);
    expect(await res.text()).toBe("");
    expect(res.headers.get("etag")).toBe(calmTag);

    const { id } = await publishNotice(
      db(),
      {
        kind: "incident",
        severity: "warning",
        status: "investigating",
        title: { "zh-CN": "系统繁忙 / 支付可能延迟", en: "High load: payments may be delayed" },
        body: { "zh-CN": "微信支付目前较为繁忙，请勿重复付款。", en: "WeChat Pay is busy; please don't pay twice." },
        components: [{ key: "wechat", state: "degraded_performance" }],
      },
      ops,
    );

    // Visible at once in this process (the publish reloaded the snapshot); the query wins over Accept-Language.
    res = await get("?locale=zh-CN", { "if-none-match": calmTag, "accept-language": "en" });
    expect(res.status).toBe(200);
    const busy = await res.json();
    expect(busy.status).toEqual({ indicator: "minor", description: "部分支付可能比平时慢" });
    expect(busy.components.find((c: { key: string }) => c.key === "wechat")).toEqual({ key: "wechat", name: "微信支付", state: "degraded_performance" });
    expect(busy.banner).toMatchObject({ id, severity: "warning", title: "系统繁忙 / 支付可能延迟", body: "微信支付目前较为繁忙，请勿重复付款。", url: `http://127.0.0.1:3999/status#notice-${id}` });
    expect(new Date(busy.banner.updatedAt).getTime()).toBeGreaterThan(0);
    expect(res.headers.get("etag")).not.toBe(calmTag);

    // Unknown locale: Accept-Language; none: Chinese.
    expect((await (await get("?locale=fr", { "accept-language": "en" })).json()).banner.title).toBe("High load: payments may be delayed");
    expect((await (await get()).json()).banner.title).toBe("系统繁忙 / 支付可能延迟");
    expect(JSON.stringify(busy).length).toBeLessThan(2_000);
  });

  it("answers CORS preflight", () => {
    const res = OPTIONS();
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-methods")).toContain("GET");
    expect(res.headers.get("set-cookie")).toBeNull();
  });
});
