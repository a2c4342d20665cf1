import { createPublicKey, type KeyObject } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateRsaKeyPair } from "@/test/provider-signers";
import { makeCertificatePem } from "@/test/fake-providers/x509";
import { KeyLoadError } from "../shared/load-key";
import { hasWechatpayPlatformKeys, parseWechatpayPlatformCerts, wechatpayPlatformKey } from "./platform-keys";

const a = generateRsaKeyPair();
const b = generateRsaKeyPair();
const oneLine = (pem: string) => pem.trim().replace(/\n/g, "\\n");
const keyLoadMessage = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(KeyLoadError);
    return (e as Error).message;
  }
  throw new Error("expected a KeyLoadError");
};
const same = (k: KeyObject | undefined, pem: string) => k !== undefined && k.equals(createPublicKey(pem));

describe("parseWechatpayPlatformCerts", () => {
  it("SERIAL=KEY entries separated by , or ;, with blanks and empty entries ignored", () => {
    const keys = parseWechatpayPlatformCerts(` PUB_KEY_ID_01=${oneLine(a.publicKey)} ,, ; 5157f09e=${oneLine(b.publicKey)}; `);
    expect([...keys.keys()]).toEqual(["PUB_KEY_ID_01", "5157F09E"]);
    expect(same(keys.get("PUB_KEY_ID_01"), a.publicKey)).toBe(true);
    expect(same(keys.get("5157F09E"), b.publicKey)).toBe(true);
  });

  it("a JSON object, surrounding whitespace allowed", () => {
    const keys = parseWechatpayPlatformCerts(`  \n${JSON.stringify({ PUB_KEY_ID_01: a.publicKey, "00ab": b.publicKey })}\n`);
    expect([...keys.keys()]).toEqual(["PUB_KEY_ID_01", "AB"]);
    expect(same(keys.get("AB"), b.publicKey)).toBe(true);
  });

  it("a certificate listed under its own serial", () => {
    const cert = makeCertificatePem({ publicKeyPem: a.publicKey, privateKeyPem: a.privateKey, serialHex: "3775B6A45ACD588826FA6FE37DC1D60474B4B8F1" });
    const keys = parseWechatpayPlatformCerts(JSON.stringify({ "3775b6a45acd588826fa6fe37dc1d60474b4b8f1": cert }));
    expect([...keys.keys()]).toEqual(["3775B6A45ACD588826FA6FE37DC1D60474B4B8F1"]);
    expect(same(keys.get("3775B6A45ACD588826FA6FE37DC1D60474B4B8F1"), a.publicKey)).toBe(true);
    expect(keyLoadMessage(() => parseWechatpayPlatformCerts(JSON.stringify({ "3775B6A45ACD588826FA6FE37DC1D60474B4B8F2": cert })))).toBe(
      "entry 3775B6A45ACD588826FA6FE37DC1D60474B4B8F2: the certificate's serial is 3775B6A45ACD588826FA6FE37DC1D60474B4B8F1",
    );
  });

  it("refuses unusable values with a message naming the entry", () => {
    expect(keyLoadMessage(() => parseWechatpayPlatformCerts('{"PUB_KEY_ID_01": '))).toBe("looks like JSON but does not parse");
    expect(keyLoadMessage(() => parseWechatpayPlatformCerts('{"PUB_KEY_ID_01": 5}'))).toBe("entry PUB_KEY_ID_01: the key must be a string");
    const longName = `K${"x".repeat(70)}`;
    expect(keyLoadMessage(() => parseWechatpayPlatformCerts(JSON.stringify({ [longName]: null })))).toBe(`entry ${longName.slice(0, 64)}: the key must be a string`);
    expect(keyLoadMessage(() => parseWechatpayPlatformCerts(" ,; , "))).toBe("is set but lists no SERIAL=KEY entry");
    expect(keyLoadMessage(() => parseWechatpayPlatformCerts("{}"))).toBe("is set but lists no SERIAL=KEY entry");
    expect(keyLoadMessage(() => parseWechatpayPlatformCerts(JSON.stringify({ "AB-CD": a.publicKey })))).toBe('serial "AB-CD" is not a certificate serial or PUB_KEY_ID_…');
    expect(keyLoadMessage(() => parseWechatpayPlatformCerts(JSON.stringify({ [longName]: a.publicKey })))).toBe(`serial "${longName.slice(0, 64)}" is not a certificate serial or PUB_KEY_ID_…`);
    expect(keyLoadMessage(() => parseWechatpayPlatformCerts(`abc=${oneLine(a.publicKey)};ABC=${oneLine(b.publicKey)}`))).toBe("serial ABC is listed twice");
    expect(keyLoadMessage(() => parseWechatpayPlatformCerts(`PUB_KEY_ID_01=${oneLine(a.privateKey)}`))).toBe(
      "entry PUB_KEY_ID_01: is a private key; this variable takes the provider's public key or certificate",
    );
  });
});

describe("wechatpayPlatformKey / hasWechatpayPlatformKeys", () => {
  const single = { key: createPublicKey(a.publicKey), certificateSerial: null };
  const none = { WECHATPAY_PLATFORM_CERTS: new Map<string, KeyObject>(), WECHATPAY_PLATFORM_PUBLIC_KEY: undefined, WECHATPAY_PLATFORM_SERIAL: undefined };

  it("the single-key variables count only as a pair", () => {
    expect(hasWechatpayPlatformKeys(none)).toBe(false);
    expect(hasWechatpayPlatformKeys({ ...none, WECHATPAY_PLATFORM_PUBLIC_KEY: single })).toBe(false);
    expect(hasWechatpayPlatformKeys({ ...none, WECHATPAY_PLATFORM_SERIAL: "PUB_KEY_ID_01" })).toBe(false);
    expect(hasWechatpayPlatformKeys({ ...none, WECHATPAY_PLATFORM_PUBLIC_KEY: single, WECHATPAY_PLATFORM_SERIAL: "PUB_KEY_ID_01" })).toBe(true);
  });

  it("finds the single key by its serial only when both variables are set", () => {
    expect(wechatpayPlatformKey({ ...none, WECHATPAY_PLATFORM_PUBLIC_KEY: single, WECHATPAY_PLATFORM_SERIAL: "00ab" }, "AB")).toBe(single.key);
    expect(wechatpayPlatformKey({ ...none, WECHATPAY_PLATFORM_PUBLIC_KEY: single }, "AB")).toBeUndefined();
    expect(wechatpayPlatformKey({ ...none, WECHATPAY_PLATFORM_SERIAL: "AB" }, "AB")).toBeUndefined();
  });
});
