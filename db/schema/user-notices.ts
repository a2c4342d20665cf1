import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { Locale } from "@/lib/i18n/locale";
import type { NoticeChannel, NoticeDeliveryStatus, NoticeKind, NoticeSituation, NoticeStatus, SkipReason, TemplateKey } from "@/lib/user-notices";
import { timestamps } from "./_columns";
import { incidents } from "./incidents";
import { orders } from "./orders";

/** Ops' wording of a template; without a row the shipped default (lib/user-notices.ts) applies. */
export const userNoticeTemplates = pgTable(
  "user_notice_templates",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    templateKey: text().$type<TemplateKey>().notNull(),
    channel: text().$type<NoticeChannel>().notNull(),
    locale: text().$type<Locale>().notNull(),
    body: text().notNull(),
    updatedBy: text().notNull(),
    ...timestamps,
  },
  (t) => [
    // one wording per situation × channel × language (the save is an upsert on it)
    uniqueIndex("user_notice_templates_key_channel_locale_idx").on(t.templateKey, t.channel, t.locale),
  ],
);

/** One notice per order × situation × kind: the unique index holds under retries and concurrent detection. */
export const userNotices = pgTable(
  "user_notices",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    orderNo: text()
      .notNull()
      .references(() => orders.orderNo, { onDelete: "restrict" }),
    userId: text().notNull(),
    situation: text().$type<NoticeSituation>().notNull(),
    kind: text().$type<NoticeKind>().notNull().default("initial"),
    status: text().$type<NoticeStatus>().notNull().default("queued"),
    skipReason: text().$type<SkipReason>(),
    locale: text().$type<Locale>().notNull().default("zh-CN"),
    /** Set when sent in bulk from an incident. */
    incidentId: bigint({ mode: "number" }).references(() => incidents.id, { onDelete: "restrict" }),
    /** "detection", or the user e-mail of whoever sent it in bulk. */
    createdBy: text().notNull(),
    /** Quiet hours: not before this instant. */
    dueAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The values the template was rendered with (expected time, next step), kept for the log. */
    facts: jsonb().$type<Record<string, string>>().notNull().default({}),
    sentAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    // idempotency: one notice per order, situation and kind
    uniqueIndex("user_notices_order_no_situation_kind_idx").on(t.orderNo, t.situation, t.kind),
    // per-user rate limit: the user's notices of the last 24 h
    index("user_notices_user_id_created_at_idx").on(t.userId, t.createdAt),
    // console log, newest first (keyset created_at desc, id desc)
    index("user_notices_created_at_id_idx").on(t.createdAt.desc(), t.id.desc()),
    // follow-up detection: initial notices that went out
    index("user_notices_sent_initial_idx").on(t.orderNo).where(sql`${t.kind} = 'initial' AND ${t.status} = 'sent'`),
  ],
);

/** The delivery log: one row per notice and channel (or one test send); the real target is never stored. */
export const userNoticeDeliveries = pgTable(
  "user_notice_deliveries",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    /** Null for a test send. */
    noticeId: bigint({ mode: "number" }).references(() => userNotices.id, { onDelete: "restrict" }),
    channel: text().$type<NoticeChannel>().notNull(),
    /** Masked phone or masked user id: the send reads the real one from the order. */
    targetMasked: text().notNull(),
    /** `${noticeId}:${channel}` (or `test:…`): Aliyun OutId, Tencent SessionContext, the push's X-PayOps-Delivery. */
    idempotencyKey: text().notNull(),
    status: text().$type<NoticeDeliveryStatus>().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    /** The request may have reached the provider but its answer was lost: an SMS is then never resent. */
    uncertain: boolean().notNull().default(false),
    /** A short code (not_configured, timeout, http_5xx, provider_error, uncertain, …) and the text. */
    lastErrorCode: text(),
    lastError: text(),
    providerMessageId: text(),
    /** The text that went out (rendered, masked name): what the user read. */
    text: text().notNull(),
    sentAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    // idempotency: one delivery per notice and channel
    uniqueIndex("user_notice_deliveries_idempotency_key_idx").on(t.idempotencyKey),
    // a notice's deliveries
    index("user_notice_deliveries_notice_id_idx").on(t.noticeId),
    // console delivery log newest first (keyset created_at desc, id desc)
    index("user_notice_deliveries_created_at_id_idx").on(t.createdAt.desc(), t.id.desc()),
  ],
);

/** Users who asked not to be told: by user id and/or by the SHA-256 of the phone's digits. */
export const userNoticeOptOuts = pgTable(
  "user_notice_opt_outs",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    userId: text(),
    phoneHash: text(),
    /** Masked phone, for the console. */
    phoneMasked: text(),
    /** "console" or "sms_reply". */
    source: text().notNull(),
    createdBy: text().notNull(),
    ...timestamps,
  },
  (t) => [
    // opt-out check by user id
    uniqueIndex("user_notice_opt_outs_user_id_idx").on(t.userId),
    // opt-out check by phone
    uniqueIndex("user_notice_opt_outs_phone_hash_idx").on(t.phoneHash),
  ],
);

/** One row (id 1): the settings ops change in the console. Null noticeAfterMs: NOTICE_AFTER from env. */
export const userNoticeSettings = pgTable("user_notice_settings", {
  id: integer().primaryKey().default(1),
  noticeAfterMs: bigint({ mode: "number" }),
  quietStart: text().notNull().default("21:00"),
  quietEnd: text().notNull().default("09:00"),
  ratePerDay: integer().notNull().default(3),
  channels: text().array().$type<NoticeChannel[]>().notNull().default(sql`ARRAY['sms','push']::text[]`),
  /** The scheduled detection (bulk sends from an incident work either way). */
  autoDetect: boolean().notNull().default(true),
  updatedBy: text(),
  ...timestamps,
});

export type UserNoticeRow = typeof userNotices.$inferSelect;
export type UserNoticeDeliveryRow = typeof userNoticeDeliveries.$inferSelect;
export type UserNoticeSettingsRow = typeof userNoticeSettings.$inferSelect;
