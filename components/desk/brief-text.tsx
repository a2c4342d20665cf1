import type { ReactNode } from "react";

/**
 * Markdown-light as supervisors type it in a hurry: blank-line paragraphs, "- " or "* " bullets, **bold**.
 * Rendered as React elements (never as HTML), so a brief cannot inject markup.
 */
export function BriefText({ text, className }: { text: string; className?: string }) {
  const blocks: ReactNode[] = [];
  let bullets: string[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) blocks.push(<p key={blocks.length}>{bold(para.join(" "))}</p>);
    if (bullets.length)
      blocks.push(
        <ul key={blocks.length} className="list-disc space-y-0.5 pl-5">
          {bullets.map((b, i) => (
            <li key={i}>{bold(b)}</li>
          ))}
        </ul>,
      );
    para = [];
    bullets = [];
  };
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    const bullet = /^[-*•]\s+(.*)$/.exec(line);
    if (bullet) {
      if (para.length) flush();
      bullets.push(bullet[1]!);
    } else if (line === "") flush();
    else {
      if (bullets.length) flush();
      para.push(line);
    }
  }
  flush();
  return <div className={className ?? "space-y-1.5 text-sm text-slate-800"}>{blocks}</div>;
}

function bold(text: string): ReactNode[] {
  return text.split(/(\*\*[^*]+\*\*)/).map((part, i) => (/^\*\*[^*]+\*\*$/.test(part) ? <strong key={i}>{part.slice(2, -2)}</strong> : part));
}
