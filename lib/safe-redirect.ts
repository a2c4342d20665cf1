/**
 * Where to go after sign-in: `target` if it resolves to a page of `origin`, else "/". Parsed with the WHATWG
 * URL parser (what the browser will do with it), not a regex: "/\evil.example", "/\t/evil.example" and
 * "//evil.example" all resolve to another host and are refused. The answer is a path (with query and hash),
 * never starting with "//", so it cannot be read as a protocol-relative URL wherever it is used next.
 */
export function safeRedirectPath(target: string | null | undefined, origin: string): string {
  if (typeof target !== "string" || target === "" || target.length > 2048) return "/";
  let base: URL;
  let url: URL;
  try {
    base = new URL(origin);
    url = new URL(target, base);
  } catch {
    return "/";
  }
  if (url.origin !== base.origin || (url.protocol !== "http:" && url.protocol !== "https:")) return "/";
  // "/.//evil.example" normalises to the path "//evil.example": same origin here, another host as a link.
  const path = `/${url.pathname.replace(/^\/+/, "")}${url.search}${url.hash}`;
  return new URL(path, base).origin === base.origin ? path : "/";
}
