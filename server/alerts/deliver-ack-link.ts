import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alertContacts, alerts } from "@/db/schema";
import type { AlertChannel } from "@/lib/alerts";
import { getEnv } from "@/server/env";
import { ConflictError } from "@/server/lib/errors";
import { acknowledgeAlert } from "./acknowledge-alert";

// A signed, expiring link in each message: base64url(JSON {a: alertId, c: contactId | robot channel, e: exp
// seconds}) "." base64url(HMAC-SHA256). The key is derived from NEXTAUTH_SECRET for this one purpose, so a
// token can never be mistaken for (or made from) a session. GET only shows the page; acknowledging is a POST
// (link unfurlers and mail scanners fetch every link they see).

interface AckClaims {
  alertId: number;
  /** The contact the message went to, or the group chat's channel for a robot message. */
  recipient: number | AlertChannel;
  expiresAt: Date;
}

const ackKey = () => createHmac("sha256", getEnv().NEXTAUTH_SECRET).update("payops:alert-ack-link:v1").digest();
const mac = (payload: string) => createHmac("sha256", ackKey()).update(payload).digest("base64url");

export function createAckToken(alertId: number, recipient: number | AlertChannel, now = new Date()): string {
  const payload = Buffer.from(JSON.stringify({ a: alertId, c: recipient, e: Math.floor((now.getTime() + getEnv().ALERT_ACK_LINK_TTL) / 1000) })).toString("base64url");
  return `${payload}.${mac(payload)}`;
}

export function ackUrl(token: string): string {
  return new URL(`/ack/${token}`, getEnv().APP_URL).toString();
}

export type AckTokenCheck = { ok: true; claims: AckClaims } | { ok: false; reason: "invalid" | "expired" };

export function verifyAckToken(token: string, now = new Date()): AckTokenCheck {
  if (token.length > 512) return { ok: false, reason: "invalid" };
  const [payload, sig, ...rest] = token.split(".");
  if (!payload || !sig || rest.length > 0) return { ok: false, reason: "invalid" };
  const expected = Buffer.from(mac(payload));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: "invalid" };
  let claims: { a?: unknown; c?: unknown; e?: unknown };
  try {
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as typeof claims;
  } catch {
    return { ok: false, reason: "invalid" };
  }
  if (!Number.isSafeInteger(claims.a) || typeof claims.e !== "number" || !(typeof claims.c === "number" || typeof claims.c === "string")) return { ok: false, reason: "invalid" };
  if (claims.e * 1000 <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, claims: { alertId: claims.a as number, recipient: claims.c as number | AlertChannel, expiresAt: new Date(claims.e * 1000) } };
}

export type AckLinkState =
  | { state: "invalid" | "expired" | "not_found" }
  | { state: "firing" | "acknowledged" | "resolved" | "pending"; alert: typeof alerts.$inferSelect; who: string };

/** What the /ack page shows (nothing is changed). */
export async function readAckLink(db: Db, token: string, now = new Date()): Promise<AckLinkState> {
  const check = verifyAckToken(token, now);
  if (!check.ok) return { state: check.reason };
  const [alert] = await db.select().from(alerts).where(eq(alerts.id, check.claims.alertId));
  if (!alert) return { state: "not_found" };
  return { state: alert.status, alert, who: await recipientLabel(db, check.claims.recipient) };
}

async function recipientLabel(db: Db, recipient: number | AlertChannel): Promise<string> {
  if (typeof recipient === "string") return `${recipient} group`;
  const [contact] = await db.select({ name: alertContacts.name }).from(alertContacts).where(eq(alertContacts.id, recipient));
  return contact?.name ?? `contact ${recipient}`;
}

export type AckByLinkResult = "acknowledged" | "already" | "resolved" | "expired" | "invalid" | "not_found";

/** The POST behind the page's button: acknowledges as "contact:<name> via link" through acknowledgeAlert (audited). */
export async function acknowledgeByLink(db: Db, token: string, now = new Date()): Promise<AckByLinkResult> {
  const read = await readAckLink(db, token, now);
  if (!("alert" in read)) return read.state;
  if (read.state === "acknowledged") return "already";
  if (read.state !== "firing") return "resolved";
  try {
    await acknowledgeAlert(db, read.alert.id, { id: null, label: `contact:${read.who} via link` });
    return "acknowledged";
  } catch (e) {
    // Someone acknowledged (or it resolved) between the read and the conditional update.
    if (e instanceof ConflictError) return (await readAckLink(db, token, now)).state === "acknowledged" ? "already" : "resolved";
    throw e;
  }
}
