import { isLocale, pickLocale, type Locale } from "@/lib/i18n/locale";
import en from "@/messages/en/statusPage.json";
import zh from "@/messages/zh-CN/statusPage.json";
import { getEnv } from "@/server/env";
import { getStatusSnapshot } from "@/server/status/status-snapshot";
import type { SnapshotNotice } from "@/server/status/build-snapshot";

export const dynamic = "force-dynamic";

const MESSAGES = { "zh-CN": zh, en } as const;

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");

/** An entry's content: its updates, newest first, as escaped HTML (RFC 4287 type="html"). */
function content(n: SnapshotNotice, locale: Locale): string {
  const m = MESSAGES[locale];
  const items = [...n.updates]
    .reverse()
    .map((u) => `<p><strong>${esc(m.noticeStatus[u.status])}</strong> · ${esc(u.at.toISOString())}<br/>${esc(u.body[locale])}</p>`)
    .join("");
  return esc(items);
}

// The Atom feed of notices (issue 9): the newest 50, each with its updates, in ?locale= (else the browser's
// language). From the in-process snapshot like the page: no query per request.
export async function GET(req: Request): Promise<Response> {
  const url = new URL(req.url);
  const asked = url.searchParams.get("locale");
  const locale: Locale = isLocale(asked) ? asked : pickLocale(undefined, req.headers.get("accept-language"));
  const snap = await getStatusSnapshot();
  const base = getEnv().APP_URL.replace(/\/$/, "");
  const page = `${base}/status`;
  const self = `${page}/feed.xml?locale=${locale}`;
  const m = MESSAGES[locale];
  const entries = snap.feed
    .map(
      (n) => `  <entry>
    <id>${esc(`${page}#notice-${n.id}`)}</id>
    <title>${esc(`${n.title[locale]} · ${m.noticeStatus[n.status]}`)}</title>
    <link rel="alternate" type="text/html" href="${esc(`${page}#notice-${n.id}`)}"/>
    <published>${n.startedAt.toISOString()}</published>
    <updated>${n.updatedAt.toISOString()}</updated>
    <content type="html">${content(n, locale)}</content>
  </entry>`,
    )
    .join("\n");
  const xml = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${locale}">
  <id>${esc(page)}</id>
  <title>${esc(m.pageName)}</title>
  <updated>${snap.updatedAt.toISOString()}</updated>
  <link rel="self" type="application/atom+xml" href="${esc(self)}"/>
  <link rel="alternate" type="text/html" href="${esc(page)}"/>
  <author><name>${esc(m.pageName)}</name></author>
${entries}
</feed>
`;
  return new Response(xml, { status: 200, headers: { "content-type": "application/atom+xml; charset=utf-8", "cache-control": "public, max-age=60, s-maxage=60, stale-while-revalidate=300", vary: "Accept-Language" } });
}
