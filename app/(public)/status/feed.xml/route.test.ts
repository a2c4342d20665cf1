import { describe, expect, it } from "vitest";
import { postNoticeUpdate } from "@/server/status/post-notice-update";
import { publishNotice } from "@/server/status/publish-notice";
import { useTestDb } from "@/test/db";
import { GET } from "./route";

const db = useTestDb();
const ops = { id: "00000000-0000-4000-8000-000000000001", label: "ops@payops.local", role: "ops" as const };

/** Well-formedness as far as our output goes: every tag closed in order, no stray "<" or "&" in text. */
function assertWellFormed(xml: string) {
  const body = xml.replace(/^<\?xml[^>]*\?>\s*/, "");
  const stack: string[] = [];
  for (const m of body.matchAll(/<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/g)) {
    const [, closing, name, , selfClosing] = m;
    if (selfClosing) continue;
    if (closing) expect(stack.pop()).toBe(name);
    else stack.push(name!);
  }
  expect(stack).toEqual([]);
  const text = body.replace(/<[^>]+>/g, "");
  expect(text).not.toMatch(/[<>]/);
  expect(text).not.toMatch(/&(?!(amp|lt|gt|quot|apos);)/);
}

describe("GET /status/feed.xml", () => {
  it("is a valid Atom feed of the notices with each update as content, in the asked locale", async () => {
    const { id } = await publishNotice(
      db(),
      {
        kind: "incident",
        severity: "critical",
        status: "investigating",
        title: { "zh-CN": "支付宝支付延迟", en: "Alipay payments delayed <b> & co" },
        body: { "zh-CN": "正在处理", en: "We're on it & checking <script>" },
        components: [{ key: "alipay", state: "major_outage" }],
      },
      ops,
    );
    await postNoticeUpdate(db(), { id, status: "resolved", body: { "zh-CN": "已恢复", en: "Recovered" } }, ops);

    const res = await GET(new Request("http://t/status/feed.xml?locale=en"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    expect(res.headers.get("set-cookie")).toBeNull();
    const xml = await res.text();
    assertWellFormed(xml);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom" xml:lang="en">/);
    // RFC 4287: the feed's id, title, updated, author, and each entry's id, title, updated.
    for (const el of ["id", "title", "updated", "author"]) expect(xml).toMatch(new RegExp(`<feed[^]*?<${el}>[^]*</${el}>`));
    const entries = xml.match(/<entry>[^]*?<\/entry>/g)!;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toContain(`<id>http://127.0.0.1:3999/status#notice-${id}</id>`);
    expect(entries[0]).toContain("<title>Alipay payments delayed &lt;b&gt; &amp; co · Resolved</title>");
    expect(entries[0]).toMatch(/<updated>\d{4}-\d{2}-\d{2}T[\d:.]+Z<\/updated>/);
    // Both updates, newest first, the HTML escaped once for the content and once more for XML.
    expect(entries[0]).toMatch(/Recovered[^]*We&amp;apos;re on it &amp;amp; checking &amp;lt;script&amp;gt;/);
    expect(xml).not.toContain("<script>");

    const zh = await (await GET(new Request("http://t/status/feed.xml", { headers: { "accept-language": "zh-CN" } }))).text();
    assertWellFormed(zh);
    expect(zh).toContain("<title>支付宝支付延迟 · 已解决</title>");
    expect(zh).toContain("已恢复");
  });
});
