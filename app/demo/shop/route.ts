// GET /demo/shop — a sample merchant page that embeds the status banner exactly as a merchant would
// (one <script> tag, nothing else of PayOps). Plain HTML from a route handler: it is not part of the console
// or the public pages, loads no PayOps React, and proxy.ts gives /demo its own headers (no session, a CSP
// allowing scripts from this origin only — the banner script included, inline scripts not).
export const dynamic = "force-dynamic";

const PAGES = {
  "zh-CN": {
    lang: "zh-CN",
    title: "小蓝洗衣 · 在线下单",
    heading: "小蓝洗衣",
    tagline: "上门取送，48 小时洗护到家",
    items: [
      ["衬衫洗烫", "¥19.90"],
      ["羽绒服精洗", "¥59.00"],
      ["运动鞋清洗", "¥29.00"],
    ],
    pay: "立即支付",
    note: "这是 PayOps 演示用的商户页面：页面顶部的状态横幅由一行 <script> 嵌入。",
    other: "English",
  },
  en: {
    lang: "en",
    title: "Blue Laundry · Order online",
    heading: "Blue Laundry",
    tagline: "Pick-up and delivery, cleaned within 48 hours",
    items: [
      ["Shirt wash & iron", "¥19.90"],
      ["Down jacket deep clean", "¥59.00"],
      ["Sneaker cleaning", "¥29.00"],
    ],
    pay: "Pay now",
    note: "A sample merchant page for the PayOps demo: the status banner at the top is embedded with one <script> tag.",
    other: "中文",
  },
} as const;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function GET(req: Request): Response {
  const locale = new URL(req.url).searchParams.get("lang") === "en" ? "en" : "zh-CN";
  const p = PAGES[locale];
  const html = `<!doctype html>
<html lang="${p.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(p.title)}</title>
<script src="/embed/banner.js" data-locale="${p.lang}" data-poll="15" async></script>
<style>
body{margin:0;font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f8fafc;color:#0f172a}
header{background:#1d4ed8;color:#fff;padding:20px 24px}header h1{margin:0;font-size:22px}header p{margin:4px 0 0;opacity:.85}
main{max-width:560px;margin:24px auto;padding:0 24px}ul{list-style:none;padding:0;margin:0;background:#fff;border:1px solid #e2e8f0;border-radius:8px}
li{display:flex;justify-content:space-between;padding:12px 16px;border-top:1px solid #e2e8f0}li:first-child{border-top:0}
button{margin-top:16px;width:100%;padding:12px;border:0;border-radius:8px;background:#1d4ed8;color:#fff;font-size:16px}
small{display:block;margin-top:24px;color:#64748b}a{color:#1d4ed8}
</style>
</head>
<body>
<header><h1>${escapeHtml(p.heading)}</h1><p>${escapeHtml(p.tagline)}</p></header>
<main>
<ul>${p.items.map(([name, price]) => `<li><span>${escapeHtml(name)}</span><span>${escapeHtml(price)}</span></li>`).join("")}</ul>
<button type="button">${escapeHtml(p.pay)}</button>
<small>${escapeHtml(p.note)} · <a href="?lang=${locale === "en" ? "zh-CN" : "en"}">${escapeHtml(p.other)}</a></small>
</main>
</body>
</html>
`;
  return new Response(html, { headers: { "content-type": "text/html; charset=utf-8" } });
}
