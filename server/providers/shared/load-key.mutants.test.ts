import { createPrivateKey, generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeCertificatePem } from "@/test/fake-providers/x509";
import { generateRsaKeyPair } from "@/test/provider-signers";
import { KeyLoadError, loadRsaPrivateKey, loadRsaPublicKey, normalizeSerial } from "./load-key";
import { signRsaSha256, verifyRsaSha256 } from "./rsa";

// Exact messages of the key loader (they are what an operator reads when the process refuses to start),
// how a value is told apart from a path, and where a file's name shows in them.

const pair = generateRsaKeyPair();
const dir = mkdtempSync(join(tmpdir(), "payops-keys-m-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const bare = (pem: string) => pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, "").replace(/\s+/g, "");
const armour = (label: string, base64: string) => `-----BEGIN ${label}-----\n${base64.replace(/.{64}/g, "$&\n")}\n-----END ${label}-----\n`;
const small = generateKeyPairSync("rsa", { modulusLength: 1024, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
const ec = generateKeyPairSync("ec", { namedCurve: "P-256", publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
const certPem = makeCertificatePem({ publicKeyPem: pair.publicKey, privateKeyPem: pair.privateKey, serialHex: "0A5157F09EFDC096DE15EBE81A47057A7232F1B8" });
const legacyEncrypted = `-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,3F1A2B3C4D5E6F708192A3B4C5D6E7F8\n\n${bare(pair.privateKey).slice(0, 128)}\n-----END RSA PRIVATE KEY-----\n`;
const notBase64 = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkq*hkiG9w0BAQEFAAOCAQ8A\n-----END PUBLIC KEY-----\n";

function errorOf(load: () => unknown): string {
  try {
    load();
  } catch (e) {
    expect(e).toBeInstanceOf(KeyLoadError);
    expect((e as Error).name).toBe("KeyLoadError");
    return (e as Error).message;
  }
  throw new Error("no error");
}
const isOurs = (key: Parameters<typeof verifyRsaSha256>[0]) => verifyRsaSha256(key, "probe", signRsaSha256(pair.privateKey, "probe"));

describe("inline values: exact messages", () => {
  it.each([
    ["legacy encrypted PEM", legacyEncrypted, "encrypted PEM (Proc-Type header) is not supported; export the key unencrypted"],
    ["PEM body with a non-base64 character", notBase64, "PEM body is not base64"],
    ["an unknown PEM label", armour("EC PRIVATE KEY", bare(ec.privateKey)), 'PEM "EC PRIVATE KEY" is not a key or certificate we read'],
    ["a private key in PUBLIC KEY armour", armour("PUBLIC KEY", bare(pair.privateKey)), 'PEM "PUBLIC KEY" does not parse'],
    ["an EC public key", ec.publicKey, "is an ec key; RSA is required"],
    ["RSA-1024", small.publicKey, "is RSA-1024; at least 2048 bits are required"],
  ])("%s", (_name, value, message) => {
    expect(errorOf(() => loadRsaPublicKey(value))).toBe(message);
  });

  it("reads a certificate even in PUBLIC KEY armour (as the certificate it is)", () => {
    const loaded = loadRsaPublicKey(armour("PUBLIC KEY", bare(certPem)));
    expect(isOurs(loaded.key)).toBe(true);
    expect(loaded.certificateSerial).toBe("A5157F09EFDC096DE15EBE81A47057A7232F1B8");
  });

  it("takes bare base64 with surrounding blank space", () => {
    expect(isOurs(loadRsaPublicKey(`\n   ${bare(pair.publicKey)}  `).key)).toBe(true);
  });
});

describe("values read from a file name the file in their messages", () => {
  it.each([
    ["enc.pem", legacyEncrypted, (p: string) => `file ${p}: encrypted PEM (Proc-Type header) is not supported; export the key unencrypted`],
    ["nb64.pem", notBase64, (p: string) => `file ${p}: PEM body is not base64`],
    ["label.pem", armour("FOO", "MIIB"), (p: string) => `file ${p}: PEM "FOO" is not a key or certificate we read`],
    ["private.pem", pair.privateKey, (p: string) => `file ${p} is a private key; this variable takes the provider's public key or certificate`],
    ["small.pem", small.publicKey, (p: string) => `file ${p} is RSA-1024; at least 2048 bits are required`],
  ])("%s", (name, content, message) => {
    const path = file(name, content);
    expect(errorOf(() => loadRsaPublicKey(path))).toBe(message(path));
  });

  it("reads PEM and base64 text files as text, not as DER", () => {
    expect(isOurs(loadRsaPublicKey(file("pub-text.pem", pair.publicKey)).key)).toBe(true);
    expect(isOurs(loadRsaPublicKey(file("pub-b64.txt", bare(pair.publicKey))).key)).toBe(true);
  });

  it("trims the value before reading the path", () => {
    const path = file("padded.pem", pair.publicKey);
    expect(isOurs(loadRsaPublicKey(`  ${path}  `).key)).toBe(true);
  });

  it("expands ~/ to the home directory", () => {
    // The real home directory: a worker thread's process.env.HOME does not reach os.homedir().
    const name = `.payops-load-key-test-${process.pid}-${Date.now()}.pem`;
    writeFileSync(join(homedir(), name), pair.privateKey);
    try {
      expect(loadRsaPrivateKey(`~/${name}`).equals(createPrivateKey(pair.privateKey))).toBe(true);
    } finally {
      rmSync(join(homedir(), name), { force: true });
    }
  });

  it("says '(the value)' for a readable file whose name does not look like a path", () => {
    const path = file("odd\nname", "hello");
    expect(errorOf(() => loadRsaPublicKey(path))).toBe("file (the value) holds neither PEM, base64 nor DER");
  });

  it("names the error code when a path cannot be read for another reason than absence", () => {
    expect(errorOf(() => loadRsaPublicKey(dir))).toBe(`file ${dir} cannot be read (EISDIR)`);
  });
});

describe("what counts as a path", () => {
  const NOT_PATH = "is neither PEM, bare base64 (DER) nor the path of a key file";
  it.each([
    "/etc/payops/alipay",
    "./no-such-dir/alipay",
    "../no-such-dir/alipay",
    "~/no-such-payops-dir/alipay",
    "C:\\payops\\alipay",
    "c:/payops/alipay",
    "no-such-alipay.pem",
    "no-such-alipay.CER",
    "no-such-alipay.der",
    `/${"x/".repeat(510)}yz`, // 1023 characters
  ])("%s is a path (and its absence is reported with it)", (value) => {
    expect(errorOf(() => loadRsaPublicKey(value))).toBe(`file ${value} does not exist`);
  });

  it.each([
    "keys/alipay",
    "alipay.pem.bak",
    "1:/payops/alipay",
    "C:payops",
    "/etc/payops/no-such.pem\nx",
    `/${"x/".repeat(511)}y`, // 1024 characters
  ])("%j is not a path", (value) => {
    expect(errorOf(() => loadRsaPublicKey(value))).toBe(NOT_PATH);
  });
});

it("normalizeSerial strips leading zeros of hex serials only", () => {
  expect(normalizeSerial("000A")).toBe("A");
  expect(normalizeSerial("0000")).toBe("0");
  expect(normalizeSerial("00G1")).toBe("00G1");
  expect(normalizeSerial("00AZ")).toBe("00AZ");
});
