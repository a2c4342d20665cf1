import "server-only";
import type { Db } from "@/db/client";
import { userNoticeTemplates } from "@/db/schema";
import { LOCALES, type Locale } from "@/lib/i18n/locale";
import { DEFAULT_TEMPLATES, NOTICE_CHANNELS, TEMPLATE_KEYS, type NoticeChannel, type TemplateKey } from "@/lib/user-notices";

export interface TemplateEntry {
  templateKey: TemplateKey;
  channel: NoticeChannel;
  locale: Locale;
  body: string;
  isDefault: boolean;
  updatedBy: string | null;
  updatedAt: Date | null;
}

export type TemplateBook = (key: TemplateKey, channel: NoticeChannel, locale: Locale) => string;

/** Every template, ops' wording over the shipped default. */
export async function listTemplates(db: Db): Promise<TemplateEntry[]> {
  const rows = await db.select().from(userNoticeTemplates);
  const edited = new Map(rows.map((r) => [`${r.templateKey}|${r.channel}|${r.locale}`, r]));
  const out: TemplateEntry[] = [];
  for (const templateKey of TEMPLATE_KEYS) {
    for (const channel of NOTICE_CHANNELS) {
      for (const locale of LOCALES) {
        const row = edited.get(`${templateKey}|${channel}|${locale}`);
        out.push({ templateKey, channel, locale, body: row?.body ?? DEFAULT_TEMPLATES[templateKey][channel][locale], isDefault: !row, updatedBy: row?.updatedBy ?? null, updatedAt: row?.updatedAt ?? null });
      }
    }
  }
  return out;
}

/** A lookup over listTemplates, for rendering many notices with one read. */
export async function loadTemplateBook(db: Db): Promise<TemplateBook> {
  const all = await listTemplates(db);
  const map = new Map(all.map((e) => [`${e.templateKey}|${e.channel}|${e.locale}`, e.body]));
  return (key, channel, locale) => map.get(`${key}|${channel}|${locale}`) ?? DEFAULT_TEMPLATES[key][channel][locale];
}
