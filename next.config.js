import createNextIntlPlugin from "next-intl/plugin";

// Pages get their Content-Security-Policy (with a per-request script nonce) and HSTS from proxy.ts, at run
// time. Everything else (API answers: JSON, plain text) gets this static policy that allows no scripts at
// all. Two CSP headers on one response would both apply, so the page policy is not repeated here.
const apiCsp = ["default-src 'none'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'"].join("; ");

const securityHeaders = [
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  devIndicators: false,
  distDir: process.env.NEXT_DIST_DIR || ".next",
  serverExternalPackages: ["@electric-sql/pglite", "pino"],
  // `next dev` rewrites the tsconfig it uses to include its distDir's types; the e2e server, the demo and the
  // benchmark (own distDirs) point it at their own tsconfig.*.json so the shared tsconfig.json is left alone.
  typescript: { tsconfigPath: process.env.NEXT_TSCONFIG || "tsconfig.json" },
  experimental: {
    // forbidden() renders app/forbidden.tsx with a 403 for pages a role may not open
    authInterrupts: true,
  },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // Never framed, except the embeddable pages under /embed/: X-Frame-Options cannot name allowed
      // sites, so those rely on proxy.ts's CSP frame-ancestors (EMBED_FRAME_ANCESTORS) alone.
      { source: "/:path((?!embed(?:/|$)).*)", headers: [{ key: "X-Frame-Options", value: "DENY" }] },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: apiCsp }] },
    ];
  },
};

// next-intl finds its per-request config (locale, messages, time zone) in i18n/request.ts.
export default createNextIntlPlugin("./i18n/request.ts")(nextConfig);
