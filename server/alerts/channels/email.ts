import "server-only";
import { createHash } from "node:crypto";
import nodemailer from "nodemailer";
import { hostOf } from "./http";
import type { SendResult } from "./types";

export interface EmailConfig {
  smtpUrl: string;
  from: string;
}

/** Stable per delivery: a resend after a lost answer carries the same Message-ID, so mail clients fold it. */
export function messageIdFor(idempotencyKey: string, smtpFromDomain = "payops.local"): string {
  return `<alert-${createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 32)}@${smtpFromDomain}>`;
}

export function fromDomain(from: string): string {
  return /@([A-Za-z0-9.-]+)/.exec(from)?.[1] ?? "payops.local";
}

export async function sendEmail(
  config: EmailConfig,
  message: { to: string; subject: string; text: string; html: string; idempotencyKey: string },
  timeoutMs: number,
): Promise<SendResult> {
  const transport = nodemailer.createTransport(config.smtpUrl, {
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  } as Parameters<typeof nodemailer.createTransport>[1]);
  try {
    const info = await transport.sendMail({
      from: config.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      messageId: messageIdFor(message.idempotencyKey, fromDomain(config.from)),
    });
    return { ok: true, providerMessageId: typeof info.messageId === "string" ? info.messageId : null };
  } catch (e) {
    const err = e as { code?: unknown; responseCode?: unknown; command?: unknown };
    const code = typeof err.code === "string" ? err.code : "unknown";
    // Refused before DATA (connection, auth, 5xx on RCPT) means not sent; a lost answer after DATA may have been.
    const command = typeof err.command === "string" ? err.command : "";
    const uncertain = command === "DATA" || (code === "ETIMEDOUT" && command !== "CONN");
    const detail = `${code}${command ? ` at ${command}` : ""}${typeof err.responseCode === "number" ? ` ${err.responseCode}` : ""}`;
    return { ok: false, error: `smtp ${detail} (${hostOf(config.smtpUrl.replace(/^smtps?:/, "http:"))})`, uncertain };
  } finally {
    transport.close();
  }
}
