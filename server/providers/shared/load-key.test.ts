import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeCertificatePem } from "@/test/fake-providers/x509";
import { generateRsaKeyPair } from "@/test/provider-signers";
import { isPublicHalfOf, KeyLoadError, loadRsaPrivateKey, loadRsaPublicKey, normalizeSerial } from "./load-key";
import { signRsaSha256, verifyRsaSha256 } from "./rsa";

const pair = generateRsaKeyPair();
const other = generateRsaKeyPair();
const dir = mkdtempSync(join(tmpdir(), "payops-keys-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The base64 between the armour lines, joined: how Alipay's console shows a key. */
const bare = (pem: string) => pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, "").replace(/\s+/g, "");
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const spkiDer = createPublicKey(pair.publicKey).export({ type: "spki", format: "der" });
const pkcs1PublicPem = createPublicKey(pair.publicKey).export({ type: "pkcs1", format: "pem" }) as string;
const pkcs1PrivatePem = createPrivateKey(pair.privateKey).export({ type: "pkcs1", format: "pem" }) as string;
const certPem = makeCertificatePem({ publicKeyPem: pair.publicKey, privateKeyPem: pair.privateKey, serialHex: "0A5157F09EFDC096DE15EBE81A47057A7232F1B8" });

/** The loaded key is the one we generated: a signature of its private half verifies with it. */
function isOurPublicKey(key: KeyObject): boolean {
  return verifyRsaSha256(key, "probe", signRsaSha256(pair.privateKey, "probe"));
}

describe("loadRsaPublicKey accepts the forms providers ship", () => {
  const forms: [string, string][] = [
    ["PEM (SPKI)", pair.publicKey],
    ["PEM on one line with literal \\n", pair.publicKey.replace(/\n/g, "\\n")],
    ["PEM without any line breaks", `-----BEGIN PUBLIC KEY-----${bare(pair.publicKey)}-----END PUBLIC KEY-----`],
    ["PKCS#1 PEM (BEGIN RSA PUBLIC KEY)", pkcs1PublicPem],
    ["bare base64 as Alipay's console shows it", bare(pair.publicKey)],
    ["bare base64 wrapped over lines", bare(pair.publicKey).replace(/.{64}/g, "$&\n")],
    ["X.509 certificate PEM", certPem],
    ["bare base64 of a certificate", bare(certPem)],
  ];
  it.each(forms)("%s", (_name, value) => {
    const loaded = loadRsaPublicKey(value);
    expect(loaded.key).toBeInstanceOf(KeyObject);
    expect(loaded.key.type).toBe("public");
    expect(isOurPublicKey(loaded.key)).toBe(true);
  });

  it("reads a path to a PEM, base64 or DER file", () => {
    for (const path of [file("alipay.pem", pair.publicKey), file("alipay.txt", `${bare(pair.publicKey)}\n`), file("alipay.der", spkiDer), file("platform.crt", certPem)]) {
      expect(isOurPublicKey(loadRsaPublicKey(path).key)).toBe(true);
    }
  });

  it("reports a certificate's serial, normalised", () => {
    const loaded = loadRsaPublicKey(certPem);
    expect(loaded.certificateSerial).toBe("A5157F09EFDC096DE15EBE81A47057A7232F1B8");
    expect(loadRsaPublicKey(pair.publicKey).certificateSerial).toBeNull();
    expect(normalizeSerial(" 0a5157 ")).toBe("A5157");
    expect(normalizeSerial("PUB_KEY_ID_0112345678901234567890")).toBe("PUB_KEY_ID_0112345678901234567890");
  });
});

describe("loadRsaPrivateKey accepts PKCS#8 and PKCS#1, armoured or bare, inline or in a file", () => {
  const forms: [string, string][] = [
    ["PKCS#8 PEM", pair.privateKey],
    ["PKCS#1 PEM (BEGIN RSA PRIVATE KEY)", pkcs1PrivatePem],
    ["PKCS#8 bare base64", bare(pair.privateKey)],
    ["PKCS#1 bare base64 (Alipay's key tool)", bare(pkcs1PrivatePem)],
    ["PKCS#1 PEM with literal \\n", pkcs1PrivatePem.replace(/\n/g, "\\n")],
    ["path to a PKCS#1 PEM file", file("app_private.pem", pkcs1PrivatePem)],
  ];
  it.each(forms)("%s", (_name, value) => {
    const key = loadRsaPrivateKey(value);
    expect(key.type).toBe("private");
    expect(verifyRsaSha256(createPublicKey(pair.publicKey), "probe", signRsaSha256(key, "probe"))).toBe(true);
  });
});

describe("unusable values are refused with a reason that never quotes the value", () => {
  const ec = generateKeyPairSync("ec", { namedCurve: "P-256", publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
  const small = generateKeyPairSync("rsa", { modulusLength: 1024, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
  const encrypted = createPrivateKey(pair.privateKey).export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "pw" }) as string;
  const cases: [string, () => unknown, RegExp][] = [
    ["garbage inside PEM armour", () => loadRsaPublicKey("-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----"), /PEM "PUBLIC KEY" does not parse/],
    ["PEM without END", () => loadRsaPublicKey("-----BEGIN PUBLIC KEY-----\nMIIB"), /PEM armour is incomplete/],
    ["truncated bare base64", () => loadRsaPublicKey(bare(pair.publicKey).slice(0, 200)), /base64\/DER that is no public key/],
    ["a private key where a public key belongs", () => loadRsaPublicKey(pair.privateKey), /is a private key; this variable takes the provider's public key/],
    ["a bare private key where a public key belongs", () => loadRsaPublicKey(bare(pkcs1PrivatePem)), /is a private key/],
    ["a public key where a private key belongs", () => loadRsaPrivateKey(pair.publicKey), /is a public key or certificate; a private key/],
    ["a certificate where a private key belongs", () => loadRsaPrivateKey(certPem), /is a public key or certificate/],
    ["an EC key", () => loadRsaPublicKey(ec.publicKey), /is an ec key; RSA is required/],
    ["RSA-1024", () => loadRsaPrivateKey(small.privateKey), /RSA-1024; at least 2048 bits/],
    ["an encrypted private key", () => loadRsaPrivateKey(encrypted), /encrypted/],
    ["a missing file", () => loadRsaPublicKey("/etc/payops/no-such-alipay.pem"), /file \/etc\/payops\/no-such-alipay\.pem does not exist/],
    ["a file holding junk", () => loadRsaPublicKey(file("junk.pem", "hello")), /holds neither PEM, base64 nor DER/],
    ["plain text", () => loadRsaPublicKey("my alipay key"), /is neither PEM, bare base64 \(DER\) nor the path of a key file/],
  ];
  it.each(cases)("%s", (_name, load, message) => {
    let error: unknown;
    try {
      load();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KeyLoadError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toMatch(/MII[A-Za-z0-9+/]{8}/);
  });
});

it("isPublicHalfOf tells our own key pair from another", () => {
  expect(isPublicHalfOf(createPublicKey(pair.publicKey), createPrivateKey(pair.privateKey))).toBe(true);
  expect(isPublicHalfOf(createPublicKey(other.publicKey), createPrivateKey(pair.privateKey))).toBe(false);
});
