import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Env } from "@/server/env";
import { startFakeProviders, type FakeProviders } from "@/test/fake-providers";
import { makeCertificatePem } from "@/test/fake-providers/x509";
import { applyProviderTestEnv, createProviderTestKeys, generateRsaKeyPair, signWechatpayNotify, type ProviderTestKeys, type RsaKeyPair } from "@/test/provider-signers";
import { ProviderQueryError } from "../shared/provider-fetch";
import { queryWechatpay } from "./query";
import { verifyWechatpay } from "./verify";

// WeChat Pay rotates platform certificates by announcing the new serial while the old one is still in use
// (providers.md §3.3: Wechatpay-Serial names the platform certificate or the public-key id PUB_KEY_ID_…).
// We trust a set of serial → key, so both verify during the overlap; anything else is refused by name.

const keys = createProviderTestKeys();
const OLD_SERIAL = "3775B6A45ACD588826FA6FE37DC1D60474B4B8F1";
const NEW_SERIAL = "PUB_KEY_ID_0114232019102800000000000001";
const STRANGER_SERIAL = "5F0CA6D1B3A9E1C2D8E7F6A5B4C3D2E1F0A9B8C7";
const oldPair: RsaKeyPair = keys.wechatpay.platform;
const newPair = generateRsaKeyPair();
const strangerPair = generateRsaKeyPair();
const oldCert = makeCertificatePem({ publicKeyPem: oldPair.publicKey, privateKeyPem: oldPair.privateKey, serialHex: OLD_SERIAL });
const bare = (pem: string) => pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, "").replace(/\s+/g, "");

// The list alone (the single-certificate variables blanked): the old certificate as one-line PEM and the new
// WeChat Pay public key as bare base64, the forms the merchant platform hands them out in.
const LIST_ONLY = {
  WECHATPAY_PLATFORM_CERTS: `${OLD_SERIAL}=${oldCert.replace(/\n/g, "\\n")}; ${NEW_SERIAL}=${bare(newPair.publicKey)}`,
  WECHATPAY_PLATFORM_PUBLIC_KEY: "",
  WECHATPAY_PLATFORM_SERIAL: "",
};

let seq = 0;
function paid() {
  seq++;
  return {
    orderNo: `ORD2026091588${String(seq).padStart(4, "0")}`,
    transactionId: `42000023452026091588${String(seq).padStart(8, "0")}`,
    amountMinor: 4200 + seq,
    currency: "CNY",
    state: "PAID" as const,
    eventId: `EV-ROT-${seq}`,
    at: new Date(Math.floor(Date.now() / 1000) * 1000 - 30_000),
  };
}
const notify = (env: Env, signer: RsaKeyPair, serial: string) => {
  const now = new Date();
  return verifyWechatpay({ ...signWechatpayNotify(keys, paid(), { privateKey: signer.privateKey, serial }), receivedAt: now }, env, now);
};

describe("wechatpay callbacks during a platform certificate rotation", () => {
  const env = applyProviderTestEnv(keys, LIST_ONLY);

  it("parses both entries, keyed by serial", () => {
    expect([...env.WECHATPAY_PLATFORM_CERTS.keys()]).toEqual([OLD_SERIAL, NEW_SERIAL]);
    expect(env.WECHATPAY_PLATFORM_PUBLIC_KEY).toBeUndefined();
  });

  it("verifies notifications signed with the old certificate and with the new public key", () => {
    expect(notify(env, oldPair, OLD_SERIAL)).toMatchObject({ ok: true, notification: { state: "PAID" } });
    expect(notify(env, newPair, NEW_SERIAL)).toMatchObject({ ok: true, notification: { state: "PAID" } });
    // Hex serials compare without regard to case.
    expect(notify(env, oldPair, OLD_SERIAL.toLowerCase())).toMatchObject({ ok: true });
  });

  it("rejects a third serial by name, and a known serial with another key's signature", () => {
    expect(notify(env, strangerPair, STRANGER_SERIAL)).toEqual({ ok: false, kind: "rejected", reason: `unknown platform certificate serial ${STRANGER_SERIAL}`, coded: { code: "callback.unknown_certificate", params: { serial: STRANGER_SERIAL } } });
    expect(notify(env, oldPair, NEW_SERIAL)).toEqual({ ok: false, kind: "rejected", reason: "signature mismatch", coded: { code: "callback.signature_mismatch" } });
    expect(notify(env, strangerPair, OLD_SERIAL)).toEqual({ ok: false, kind: "rejected", reason: "signature mismatch", coded: { code: "callback.signature_mismatch" } });
  });

  it("takes the list as JSON too, and keeps the single-certificate variables working beside it", () => {
    const json = applyProviderTestEnv(keys, { ...LIST_ONLY, WECHATPAY_PLATFORM_CERTS: JSON.stringify({ [NEW_SERIAL]: newPair.publicKey }) });
    expect(notify(json, newPair, NEW_SERIAL)).toMatchObject({ ok: true });
    expect(notify(json, oldPair, OLD_SERIAL)).toMatchObject({ ok: false, reason: `unknown platform certificate serial ${OLD_SERIAL}` });

    const both = applyProviderTestEnv(keys, { WECHATPAY_PLATFORM_CERTS: `${NEW_SERIAL}=${bare(newPair.publicKey)}`, WECHATPAY_PLATFORM_PUBLIC_KEY: oldCert, WECHATPAY_PLATFORM_SERIAL: OLD_SERIAL });
    expect(notify(both, oldPair, OLD_SERIAL)).toMatchObject({ ok: true });
    expect(notify(both, newPair, NEW_SERIAL)).toMatchObject({ ok: true });
    expect(notify(both, strangerPair, STRANGER_SERIAL)).toMatchObject({ ok: false, reason: `unknown platform certificate serial ${STRANGER_SERIAL}`, coded: { code: "callback.unknown_certificate", params: { serial: STRANGER_SERIAL } } });
  });
});

describe("wechatpay status-query answers are checked against the same set", () => {
  // The fake WeChat API signs with whatever platform key its copy of the keys holds; we rotate that copy.
  const fakeKeys: ProviderTestKeys = structuredClone(keys);
  let fake: FakeProviders;
  let env: Env;
  beforeAll(async () => {
    fake = await startFakeProviders(fakeKeys);
    env = applyProviderTestEnv(keys, { ...LIST_ONLY, ...fake.baseUrls });
  });
  afterAll(() => fake.close());

  const signWith = (pair: RsaKeyPair, serial: string) => {
    fakeKeys.wechatpay.platform = pair;
    fakeKeys.wechatpay.platformSerial = serial;
  };

  it("accepts answers signed with either live key and refuses an unknown serial", async () => {
    const p = paid();
    fake.setPayment("wechatpay", p.orderNo, { state: "PAID", transactionId: p.transactionId, amountMinor: p.amountMinor, currency: "CNY", paidAt: p.at });
    const ref = { orderNo: p.orderNo, providerTransactionId: null, amountMinor: p.amountMinor, currency: "CNY" };

    signWith(oldPair, OLD_SERIAL);
    await expect(queryWechatpay(ref, env)).resolves.toMatchObject({ found: true, notification: { state: "PAID", orderNo: p.orderNo } });
    signWith(newPair, NEW_SERIAL);
    await expect(queryWechatpay(ref, env)).resolves.toMatchObject({ found: true, notification: { state: "PAID" } });
    expect(fake.requests.at(-1)!.headers.authorization).toContain(`serial_no="${keys.wechatpay.merchantSerial}"`);

    signWith(strangerPair, STRANGER_SERIAL);
    const failure = queryWechatpay(ref, env);
    await expect(failure).rejects.toThrow(ProviderQueryError);
    await expect(failure).rejects.toThrow(`wechatpay answer not trusted: unknown platform certificate serial ${STRANGER_SERIAL}`);
  });
});
