import { createPublicKey, createSign } from "node:crypto";

// A minimal self-signed X.509 v3 certificate (DER by hand, signed SHA256withRSA by node:crypto), so tests can
// play WeChat Pay's platform certificates — node:crypto reads certificates but cannot make them.

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, body: Buffer) => Buffer.concat([Buffer.from([tag]), len(body.length), body]);
const seq = (...parts: Buffer[]) => tlv(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => tlv(0x31, Buffer.concat(parts));

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split(".").map(Number) as [number, number, ...number[]];
  const out = [40 * a + b];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = n >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

function integerFromHex(hex: string): Buffer {
  let body = Buffer.from(hex.length % 2 ? `0${hex}` : hex, "hex");
  if (body[0]! & 0x80) body = Buffer.concat([Buffer.from([0]), body]);
  return tlv(0x02, body);
}

function utcTime(d: Date): Buffer {
  const p = (n: number) => String(n).padStart(2, "0");
  const text = `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  return tlv(0x17, Buffer.from(text, "ascii"));
}

const name = (cn: string) => seq(set(seq(oid("2.5.4.3"), tlv(0x0c, Buffer.from(cn, "utf8")))));

/** PEM "CERTIFICATE" for `publicKeyPem`, serial `serialHex`, signed by `privateKeyPem` (self-signed when they pair). */
export function makeCertificatePem(opts: { publicKeyPem: string; privateKeyPem: string; serialHex: string; commonName?: string; notAfter?: Date }): string {
  const sha256WithRsa = seq(oid("1.2.840.113549.1.1.11"), Buffer.from([0x05, 0x00]));
  const spki = createPublicKey(opts.publicKeyPem).export({ type: "spki", format: "der" });
  const cn = opts.commonName ?? "Tenpay.com Root CA (test)";
  const notBefore = new Date(Date.now() - 86_400_000);
  const notAfter = opts.notAfter ?? new Date(Date.now() + 5 * 365 * 86_400_000);
  const tbs = seq(
    tlv(0xa0, integerFromHex("02")),
    integerFromHex(opts.serialHex),
    sha256WithRsa,
    name(cn),
    seq(utcTime(notBefore), utcTime(notAfter)),
    name(cn),
    spki,
  );
  const signature = createSign("RSA-SHA256").update(tbs).sign(opts.privateKeyPem);
  const der = seq(tbs, sha256WithRsa, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const b64 = der.toString("base64").replace(/.{64}/g, "$&\n");
  return `-----BEGIN CERTIFICATE-----\n${b64.trimEnd()}\n-----END CERTIFICATE-----\n`;
}
