export type ParsedBody = { kind: "json"; text: string } | { kind: "form"; pairs: [string, string][] } | { kind: "text"; text: string };

/** JSON pretty-printed; form bodies (Alipay's a=1&b=2) as a key/value table; anything else verbatim. */
export function parseBody(body: string, contentType?: string): ParsedBody {
  const trimmed = body.trim();
  if (/json/i.test(contentType ?? "") || /^[[{]/.test(trimmed)) {
    try {
      return { kind: "json", text: JSON.stringify(JSON.parse(trimmed), null, 2) };
    } catch {
      // fall through: not JSON after all
    }
  }
  if (/x-www-form-urlencoded/i.test(contentType ?? "") || /^[\w.\-]+=[^&]*(&[\w.\-]+=[^&]*)*$/.test(trimmed)) {
    return { kind: "form", pairs: [...new URLSearchParams(trimmed).entries()] };
  }
  return { kind: "text", text: body };
}

