import "server-only";
import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";

// One loader for every key variable, in the forms providers hand keys out:
// - Alipay's console shows its public key and the app keys as bare base64 (DER), without PEM armour;
// - the key tools and WeChat's merchant platform download PEM files (PKCS#8 "PRIVATE KEY", PKCS#1
//   "RSA PRIVATE KEY", "PUBLIC KEY", X.509 "CERTIFICATE" for platform and Alipay public-key certificates);
// - env files often carry PEM on one line with literal "\n", or point at a file instead.
// Parsing happens once, while the env is validated; a bad value stops the process with the variable's name.
// Messages never contain the value itself (it may be a secret), only a path when one was given.

/** A variable's value that cannot be used as the key it should be. `message` is safe to print. */
export class KeyLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KeyLoadError";
  }
}

export interface LoadedPublicKey {
  key: KeyObject;
  /** Set when the value was an X.509 certificate: its serial number, upper-case hex without leading zeros. */
  certificateSerial: string | null;
}

type Material = { kind: "pem"; label: string; der: Buffer; origin: string } | { kind: "der"; der: Buffer; origin: string };

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;
// A DER SEQUENCE of the sizes keys and certificates have (0x30 0x81/0x82 …) base64-encodes to "MI…".
const BARE_BASE64 = /^MI[A-Za-z0-9+/\s]+={0,2}$/;
const BASE64_BODY = /^[A-Za-z0-9+/]+={0,2}$/;

export function normalizeSerial(serial: string): string {
  const s = serial.trim().toUpperCase();
  return /^[0-9A-F]+$/.test(s) ? s.replace(/^0+(?=.)/, "") : s;
}

const at = (origin: string) => (origin ? `${origin}: ` : "");
const subject = (origin: string) => (origin ? `${origin} is` : "is");

function looksLikePath(value: string): boolean {
  return value.length < 1024 && !/[\r\n]/.test(value) && (/^(\/|\.{1,2}\/|~\/|[A-Za-z]:[\\/])/.test(value) || /\.(pem|crt|cer|key|txt|der)$/i.test(value));
}

function fromText(text: string, origin: string): Material | undefined {
  // One-line env values: "\n" written literally.
  const t = text.replace(/\\n/g, "\n").trim();
  if (t.includes("-----BEGIN")) {
    const m = PEM_BLOCK.exec(t);
    if (!m) throw new KeyLoadError(`${at(origin)}PEM armour is incomplete (no matching -----END line)`);
    const body = m[2]!.replace(/\s+/g, "");
    // Header lines ("Proc-Type: 4,ENCRYPTED") mean an encrypted legacy PEM; we do not take passphrases.
    if (/:/.test(m[2]!)) throw new KeyLoadError(`${at(origin)}encrypted PEM (Proc-Type header) is not supported; export the key unencrypted`);
    if (!BASE64_BODY.test(body)) throw new KeyLoadError(`${at(origin)}PEM body is not base64`);
    return { kind: "pem", label: m[1]!, der: Buffer.from(body, "base64"), origin };
  }
  if (BARE_BASE64.test(t)) {
    const body = t.replace(/\s+/g, "");
    if (!BASE64_BODY.test(body)) throw new KeyLoadError(`${at(origin)}not valid base64`);
    return { kind: "der", der: Buffer.from(body, "base64"), origin };
  }
  return undefined;
}

function readMaterial(value: string): Material {
  const inline = fromText(value, "");
  if (inline) return inline;
  const trimmed = value.trim();
  const shownPath = looksLikePath(trimmed) ? trimmed : "(the value)";
  let bytes: Buffer;
  try {
    bytes = readFileSync(trimmed.startsWith("~/") ? join(homedir(), trimmed.slice(2)) : resolve(trimmed));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!looksLikePath(trimmed)) {
      throw new KeyLoadError("is neither PEM, bare base64 (DER) nor the path of a key file");
    }
    throw new KeyLoadError(code === "ENOENT" ? `file ${shownPath} does not exist` : `file ${shownPath} cannot be read (${code ?? "error"})`);
  }
  const origin = `file ${shownPath}`;
  if (bytes.length > 0 && bytes[0] === 0x30) return { kind: "der", der: bytes, origin };
  const fromFile = fromText(bytes.toString("latin1"), origin);
  if (!fromFile) throw new KeyLoadError(`${origin} holds neither PEM, base64 nor DER`);
  return fromFile;
}

type Parsed = { type: "public"; key: KeyObject; cert: X509Certificate | null } | { type: "private"; key: KeyObject };

function tryParse<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

function parseDer(der: Buffer): Parsed | undefined {
  // Private first: createPublicKey accepts private DER too and silently derives the public half.
  const pkcs8 = tryParse(() => createPrivateKey({ key: der, format: "der", type: "pkcs8" }));
  if (pkcs8) return { type: "private", key: pkcs8 };
  const pkcs1 = tryParse(() => createPrivateKey({ key: der, format: "der", type: "pkcs1" }));
  if (pkcs1) return { type: "private", key: pkcs1 };
  const spki = tryParse(() => createPublicKey({ key: der, format: "der", type: "spki" }));
  if (spki) return { type: "public", key: spki, cert: null };
  const pkcs1Public = tryParse(() => createPublicKey({ key: der, format: "der", type: "pkcs1" }));
  if (pkcs1Public) return { type: "public", key: pkcs1Public, cert: null };
  const cert = tryParse(() => new X509Certificate(der));
  if (cert) return { type: "public", key: cert.publicKey, cert };
  return undefined;
}

function parseMaterial(m: Material): Parsed {
  if (m.kind === "der") {
    const parsed = parseDer(m.der);
    if (!parsed) throw new KeyLoadError(`${at(m.origin)}base64/DER that is no public key, private key or certificate`);
    return parsed;
  }
  const what = `${at(m.origin)}PEM "${m.label}"`;
  const fail = (): never => {
    throw new KeyLoadError(`${what} does not parse`);
  };
  switch (m.label) {
    case "PUBLIC KEY":
    case "RSA PUBLIC KEY": {
      const parsed = parseDer(m.der);
      if (!parsed || parsed.type !== "public") return fail();
      return parsed;
    }
    case "CERTIFICATE": {
      const cert = tryParse(() => new X509Certificate(m.der)) ?? fail();
      return { type: "public", key: cert.publicKey, cert };
    }
    case "PRIVATE KEY":
      return { type: "private", key: tryParse(() => createPrivateKey({ key: m.der, format: "der", type: "pkcs8" })) ?? fail() };
    case "RSA PRIVATE KEY":
      return { type: "private", key: tryParse(() => createPrivateKey({ key: m.der, format: "der", type: "pkcs1" })) ?? fail() };
    case "ENCRYPTED PRIVATE KEY":
      throw new KeyLoadError(`${what} is encrypted; export it unencrypted (PKCS#8 or PKCS#1)`);
    default:
      throw new KeyLoadError(`${what} is not a key or certificate we read`);
  }
}

// RSA2 (Alipay) and WECHATPAY2-SHA256-RSA2048 both mean RSA of at least 2048 bits.
function requireRsa(key: KeyObject, origin: string): void {
  if (key.asymmetricKeyType !== "rsa") throw new KeyLoadError(`${subject(origin)} an ${key.asymmetricKeyType ?? "unknown"} key; RSA is required`);
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < 2048) throw new KeyLoadError(`${subject(origin)} RSA-${bits}; at least 2048 bits are required`);
}

/**
 * A provider's public key (or certificate) from PEM, bare base64 DER or a file path. A private key here is
 * refused: createPublicKey would quietly derive its public half, and a secret does not belong in this variable.
 */
export function loadRsaPublicKey(value: string): LoadedPublicKey {
  const material = readMaterial(value);
  const parsed = parseMaterial(material);
  if (parsed.type === "private") {
    throw new KeyLoadError(`${subject(material.origin)} a private key; this variable takes the provider's public key or certificate`);
  }
  requireRsa(parsed.key, material.origin);
  return {
    key: parsed.key,
    certificateSerial: parsed.cert ? normalizeSerial(parsed.cert.serialNumber) : null,
  };
}

/** Our private key (PKCS#8 or PKCS#1) from PEM, bare base64 DER or a file path. */
export function loadRsaPrivateKey(value: string): KeyObject {
  const material = readMaterial(value);
  const parsed = parseMaterial(material);
  if (parsed.type !== "private") throw new KeyLoadError(`${subject(material.origin)} a public key or certificate; a private key (PKCS#8 or PKCS#1) is expected`);
  requireRsa(parsed.key, material.origin);
  return parsed.key;
}

/** True when `publicKey` is the public half of `privateKey` (a classic mix-up of "app" and "platform" keys). */
export function isPublicHalfOf(publicKey: KeyObject, privateKey: KeyObject): boolean {
  const a = publicKey.export({ type: "spki", format: "der" });
  const b = createPublicKey(privateKey).export({ type: "spki", format: "der" });
  return a.equals(b);
}
