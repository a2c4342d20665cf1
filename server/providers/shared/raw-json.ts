import "server-only";
// Alipay signs the exact text of `xxx_response` inside the reply; re-serialising the parsed object would
// change escapes and spacing, so we cut the value's text out of the raw body instead.

function skipWs(t: string, i: number): number {
  while (i < t.length && (t[i] === " " || t[i] === "\n" || t[i] === "\r" || t[i] === "\t")) i++;
  return i;
}

function scanString(t: string, i: number): number {
  for (i++; i < t.length; i++) {
    if (t[i] === "\\") i++;
    else if (t[i] === '"') return i + 1;
  }
  throw new SyntaxError("unterminated string");
}

function scanValue(t: string, i: number): number {
  const c = t[i];
  if (c === '"') return scanString(t, i);
  if (c === "{" || c === "[") {
    let depth = 0;
    for (; i < t.length; i++) {
      const d = t[i];
      if (d === '"') i = scanString(t, i) - 1;
      else if (d === "{" || d === "[") depth++;
      else if (d === "}" || d === "]") {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    throw new SyntaxError("unterminated container");
  }
  let j = i;
  while (j < t.length && !",}] \n\r\t".includes(t[j]!)) j++;
  if (j === i) throw new SyntaxError("missing value");
  return j;
}

/** The raw text of `key`'s value in a top-level JSON object, or undefined when absent or not JSON. */
export function rawJsonMember(text: string, key: string): string | undefined {
  try {
    let i = skipWs(text, 0);
    if (text[i] !== "{") return undefined;
    i = skipWs(text, i + 1);
    while (i < text.length && text[i] !== "}") {
      if (text[i] !== '"') return undefined;
      const keyEnd = scanString(text, i);
      const name: unknown = JSON.parse(text.slice(i, keyEnd));
      i = skipWs(text, keyEnd);
      if (text[i] !== ":") return undefined;
      i = skipWs(text, i + 1);
      const start = i;
      const end = scanValue(text, i);
      if (name === key) return text.slice(start, end);
      i = skipWs(text, end);
      if (text[i] === ",") i = skipWs(text, i + 1);
    }
    return undefined;
  } catch {
    return undefined;
  }
}
