// next.config.js is read by the Next CLI before our env module exists, so it reads the two build-time
// switches it needs directly.
const isDev = process.env.NODE_ENV !== "production";

// No third-party origins: everything the console loads is ours. 'unsafe-inline' scripts are needed by the
// App Router's inline bootstrap without nonces; 'unsafe-eval' only by the dev server's React Refresh.
const csp = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const securityHeaders = [
  { key: "Content-Security-Policy", value: csp },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  devIndicators: false,
  distDir: process.env.NEXT_DIST_DIR || ".next",
  serverExternalPackages: ["@electric-sql/pglite"],
  // `next dev` rewrites the tsconfig it uses to include its distDir's types; the e2e server (own distDir)
  // points it at tsconfig.e2e.json so the shared tsconfig.json is left alone.
  typescript: { tsconfigPath: process.env.NEXT_TSCONFIG || "tsconfig.json" },
  experimental: {
    // forbidden() renders app/forbidden.tsx with a 403 for pages a role may not open
    authInterrupts: true,
  },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
