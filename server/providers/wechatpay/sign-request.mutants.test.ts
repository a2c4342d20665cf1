import { createPublicKey } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Env } from "@/server/env";
import { applyProviderTestEnv, createProviderTestKeys } from "@/test/provider-signers";
import { ProviderQueryError } from "../shared/provider-fetch";
import { verifyRsaSha256 } from "../shared/rsa";
import { buildWechatpayAuthorization } from "./sign-request";

const keys = createProviderTestKeys();
let env: Env;
beforeAll(() => {
  env = applyProviderTestEnv(keys);
});

const req = { method: "GET", pathWithQuery: "/v3/pay/transactions/out-trade-no/ORD1?mchid=1900000109", body: "" };
const NOW = new Date("2026-09-15T10:30:12.900Z");
const NONCE = "0123456789abcdef0123456789abcdef";

describe("buildWechatpayAuthorization", () => {
  it("signs METHOD, path, timestamp, nonce and body with the merchant key", () => {
    const auth = buildWechatpayAuthorization(req, env, NOW, NONCE);
    const m = /^WECHATPAY2-SHA256-RSA2048 mchid="1900000109",nonce_str="0123456789abcdef0123456789abcdef",signature="([^"]+)",timestamp="1789468212",serial_no="5157F09EFDC096DE15EBE81A47057A7232F1B8E1"$/.exec(auth);
    expect(m).not.toBeNull();
    const signed = `GET\n${req.pathWithQuery}\n1789468212\n${NONCE}\n\n`;
    expect(verifyRsaSha256(createPublicKey(keys.wechatpay.merchant.publicKey), signed, m![1]!)).toBe(true);
  });

  it.each(["WECHATPAY_MCH_ID", "WECHATPAY_MERCHANT_PRIVATE_KEY", "WECHATPAY_MERCHANT_SERIAL"] as const)("refuses without %s", (name) => {
    let err: unknown;
    try {
      buildWechatpayAuthorization(req, { ...env, [name]: undefined }, NOW, NONCE);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ProviderQueryError);
    expect(err).toMatchObject({
      failure: "not_configured",
      message: "wechatpay not configured: WECHATPAY_MCH_ID/WECHATPAY_MERCHANT_PRIVATE_KEY/WECHATPAY_MERCHANT_SERIAL unset",
    });
  });
});
