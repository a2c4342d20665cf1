import { describe, expect, it } from "vitest";
import { replyWechatpay } from "./reply";

describe("replyWechatpay", () => {
  it("204 with nothing when handled; a JSON FAIL with the status WeChat retries on otherwise", () => {
    expect(replyWechatpay("handled")).toEqual({ status: 204, headers: {}, body: "" });
    expect(replyWechatpay("retry", "db down")).toEqual({ status: 503, headers: { "content-type": "application/json; charset=utf-8" }, body: '{"code":"FAIL","message":"db down"}' });
    expect(replyWechatpay("rejected")).toEqual({ status: 401, headers: { "content-type": "application/json; charset=utf-8" }, body: '{"code":"FAIL","message":"失败"}' });
    expect(replyWechatpay("malformed").status).toBe(400);
  });
});
