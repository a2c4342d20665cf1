import "server-only";
import type { KeyObject } from "node:crypto";
import type { Env } from "@/server/env";
import { KeyLoadError, loadRsaPublicKey, normalizeSerial } from "../shared/load-key";

// WeChat Pay signs callbacks and API answers with one of several keys, named by the Wechatpay-Serial header
// (providers.md §3.3): a platform certificate's serial (hex) or, in the newer "WeChat Pay public key" mode,
// a public-key id "PUB_KEY_ID_…". During a certificate rotation both the old and the new serial are live,
// so we trust a set: serial → key.

const SERIAL = /^[A-Za-z0-9_]{1,64}$/;
const ENTRY = /^([A-Za-z0-9_]{1,64})\s*=\s*([\s\S]+)$/;

/**
 * WECHATPAY_PLATFORM_CERTS: `SERIAL=KEY` entries separated by `,` or `;`, or a JSON object
 * `{"SERIAL": "KEY", …}`. KEY is a certificate or public key as PEM, bare base64 or a file path. For a
 * certificate, SERIAL must be its serial number (a copy-paste of the wrong file is caught at start).
 * Throws KeyLoadError naming the entry (serials are not secret).
 */
export function parseWechatpayPlatformCerts(value: string): Map<string, KeyObject> {
  const text = value.trim();
  let entries: [string, string][];
  if (text.startsWith("{")) {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      throw new KeyLoadError("looks like JSON but does not parse");
    }
    if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new KeyLoadError('JSON must be an object {"SERIAL": "key", …}');
    entries = Object.entries(doc).map(([k, v]) => {
      if (typeof v !== "string") throw new KeyLoadError(`entry ${k.slice(0, 64)}: the key must be a string`);
      return [k, v];
    });
  } else {
    entries = text
      .split(/[,;]/)
      .map((e) => e.trim())
      .filter((e) => e !== "")
      .map((e, i) => {
        const m = ENTRY.exec(e);
        if (!m) throw new KeyLoadError(`entry ${i + 1} is not SERIAL=KEY`);
        return [m[1]!, m[2]!];
      });
  }
  if (entries.length === 0) throw new KeyLoadError("is set but lists no SERIAL=KEY entry");
  const keys = new Map<string, KeyObject>();
  for (const [rawSerial, keyText] of entries) {
    if (!SERIAL.test(rawSerial)) throw new KeyLoadError(`serial "${rawSerial.slice(0, 64)}" is not a certificate serial or PUB_KEY_ID_…`);
    const serial = normalizeSerial(rawSerial);
    if (keys.has(serial)) throw new KeyLoadError(`serial ${rawSerial} is listed twice`);
    let loaded;
    try {
      loaded = loadRsaPublicKey(keyText);
    } catch (e) {
      if (e instanceof KeyLoadError) throw new KeyLoadError(`entry ${rawSerial}: ${e.message}`);
      throw e;
    }
    if (loaded.certificateSerial !== null && loaded.certificateSerial !== serial) {
      throw new KeyLoadError(`entry ${rawSerial}: the certificate's serial is ${loaded.certificateSerial}`);
    }
    keys.set(serial, loaded.key);
  }
  return keys;
}

type PlatformKeyEnv = Pick<Env, "WECHATPAY_PLATFORM_CERTS" | "WECHATPAY_PLATFORM_PUBLIC_KEY" | "WECHATPAY_PLATFORM_SERIAL">;

/** The key WeChat signed with, by Wechatpay-Serial: the list first, then the single-certificate variables. */
export function wechatpayPlatformKey(env: PlatformKeyEnv, serial: string): KeyObject | undefined {
  const wanted = normalizeSerial(serial);
  const listed = env.WECHATPAY_PLATFORM_CERTS.get(wanted);
  if (listed) return listed;
  if (env.WECHATPAY_PLATFORM_PUBLIC_KEY && env.WECHATPAY_PLATFORM_SERIAL && normalizeSerial(env.WECHATPAY_PLATFORM_SERIAL) === wanted) {
    return env.WECHATPAY_PLATFORM_PUBLIC_KEY.key;
  }
  return undefined;
}

export function hasWechatpayPlatformKeys(env: PlatformKeyEnv): boolean {
  return env.WECHATPAY_PLATFORM_CERTS.size > 0 || (env.WECHATPAY_PLATFORM_PUBLIC_KEY !== undefined && env.WECHATPAY_PLATFORM_SERIAL !== undefined);
}
