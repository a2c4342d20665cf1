import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "./markdown";

const html = (md: string) => renderToStaticMarkup(createElement(Markdown, null, md));

describe("Markdown", () => {
  it("renders tables and lists, keeps raw HTML as text, drops javascript: links", () => {
    expect(html("| a | b |\n| --- | --- |\n| 1 | 2 |")).toContain("<td");
    expect(html("- 退款\n- refund")).toContain("<li>退款</li>");
    const evil = html('<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))');
    expect(evil).not.toContain("<script");
    expect(evil).not.toContain("<img");
    // the whole block is raw HTML, so it shows as text; a Markdown link to javascript: loses its href
    expect(evil).toContain("&lt;script&gt;");
    const link = html("see [x](javascript:alert(1)) and [lookup](/lookup)");
    expect(link).not.toContain("javascript:");
    expect(link).toContain('href="/lookup"');
  });
});
