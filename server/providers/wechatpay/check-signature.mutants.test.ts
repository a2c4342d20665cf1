import { describe, expect, it } from "vitest";
import { applyProviderTestEnv, createProviderTestKeys, wechatpayResponseHeaders } from "@/test/provider-signers";
import { checkWechatpaySignature } from "./check-signature";

const keys = createProviderTestKeys();
const env = applyProviderTestEnv(keys);
const now = new Date("2026-09-15T04:06:00Z");
const body = '{"id":"EV-1"}';
const at = (offsetSeconds: number) => wechatpayResponseHeaders(keys, body, { now: new Date(now.getTime() + offsetSeconds * 1000) });

describe("checkWechatpaySignature", () => {
  it("refuses while no platform key is configured", () => {
    expect(checkWechatpaySignature(at(0), body, { ...env, WECHATPAY_PLATFORM_CERTS: new Map(), WECHATPAY_PLATFORM_PUBLIC_KEY: undefined }, now)).toStrictEqual({
      ok: false,
      reason: "provider not configured: no platform certificate (WECHATPAY_PLATFORM_CERTS or WECHATPAY_PLATFORM_PUBLIC_KEY) set",
      coded: { code: "callback.provider_not_configured", params: { setting: "WECHATPAY_PLATFORM_CERTS / WECHATPAY_PLATFORM_PUBLIC_KEY" } },
    });
  });

  it("names each missing header", () => {
    for (const name of ["wechatpay-timestamp", "wechatpay-nonce", "wechatpay-signature", "wechatpay-serial"]) {
      const headers = { ...at(0), [name]: "" };
      expect(checkWechatpaySignature(headers, body, env, now)).toStrictEqual({ ok: false, reason: `missing ${name} header`, coded: { code: "callback.missing_header", params: { header: name } } });
    }
  });

  it("refuses a timestamp that is not 1–12 digits, quoting at most 20 characters", () => {
    for (const ts of ["1789445160Z", "-1789445160", "1789445160.5", "1234567890123"]) {
      expect(checkWechatpaySignature({ ...at(0), "wechatpay-timestamp": ts }, body, env, now)).toStrictEqual({ ok: false, reason: `wechatpay-timestamp "${ts}" is not unix seconds` });
    }
    expect(checkWechatpaySignature({ ...at(0), "wechatpay-timestamp": "2026-09-15T04:06:00+00:00" }, body, env, now)).toStrictEqual({
      ok: false,
      reason: 'wechatpay-timestamp "2026-09-15T04:06:00+" is not unix seconds',
    });
  });

  it("names an unknown serial, at most 64 characters", () => {
    const serial = `PUB_KEY_ID_${"9".repeat(60)}`;
    expect(checkWechatpaySignature({ ...at(0), "wechatpay-serial": serial }, body, env, now)).toStrictEqual({
      ok: false,
      reason: `unknown platform certificate serial ${serial.slice(0, 64)}`,
      coded: { code: "callback.unknown_certificate", params: { serial: serial.slice(0, 64) } },
    });
    expect(serial.slice(0, 64)).toHaveLength(64);
  });

  it("accepts |now − ts| < 300 s and refuses 300 s old or ahead", () => {
    expect(checkWechatpaySignature(at(-299), body, env, now)).toStrictEqual({ ok: true });
    expect(checkWechatpaySignature(at(299), body, env, now)).toStrictEqual({ ok: true });
    expect(checkWechatpaySignature(at(-300), body, env, now)).toStrictEqual({
      ok: false,
      reason: "timestamp 300s old (max 300s)",
      coded: { code: "callback.timestamp_stale", params: { ageSeconds: 300, maxSeconds: 300 } },
    });
    expect(checkWechatpaySignature(at(300), body, env, now)).toStrictEqual({
      ok: false,
      reason: "timestamp 300s in the future (max 300s)",
      coded: { code: "callback.timestamp_future", params: { aheadSeconds: 300, maxSeconds: 300 } },
    });
    expect(checkWechatpaySignature(at(3600), body, env, now)).toStrictEqual({
      ok: false,
      reason: "timestamp 3600s in the future (max 300s)",
      coded: { code: "callback.timestamp_future", params: { aheadSeconds: 3600, maxSeconds: 300 } },
    });
  });

  it("refuses a signature over another body", () => {
    expect(checkWechatpaySignature(at(0), '{"id":"EV-2"}', env, now)).toStrictEqual({ ok: false, reason: "signature mismatch", coded: { code: "callback.signature_mismatch" } });
  });
});
