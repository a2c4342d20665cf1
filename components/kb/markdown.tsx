import Link from "next/link";
import ReactMarkdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";

// Styles per element instead of a typography plugin; raw HTML in an article is shown as text, never rendered
// (react-markdown's default: no rehype-raw), and its default URL filter drops javascript: and data: links.
const COMPONENTS: Components = {
  h1: ({ children }) => <h2 className="mt-4 mb-2 text-base font-semibold text-slate-900">{children}</h2>,
  h2: ({ children }) => <h3 className="mt-4 mb-2 text-sm font-semibold text-slate-900">{children}</h3>,
  h3: ({ children }) => <h4 className="mt-3 mb-1 text-sm font-semibold text-slate-900">{children}</h4>,
  p: ({ children }) => <p className="my-2 text-sm leading-6 text-slate-700">{children}</p>,
  ul: ({ children }) => <ul className="my-2 list-disc space-y-1 pl-5 text-sm text-slate-700">{children}</ul>,
  ol: ({ children }) => <ol className="my-2 list-decimal space-y-1 pl-5 text-sm text-slate-700">{children}</ol>,
  strong: ({ children }) => <strong className="font-semibold text-slate-900">{children}</strong>,
  code: ({ children }) => <code className="rounded bg-slate-100 px-1 font-mono text-xs">{children}</code>,
  table: ({ children }) => (
    <div className="my-3 overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 text-sm">{children}</table>
    </div>
  ),
  th: ({ children }) => <th className="bg-slate-50 px-3 py-1.5 text-left text-xs font-semibold text-slate-700">{children}</th>,
  td: ({ children }) => <td className="border-t border-slate-100 px-3 py-1.5 align-top text-slate-700">{children}</td>,
  a: ({ href, children }) =>
    href?.startsWith("/") ? (
      <Link href={href} className="text-indigo-700 underline hover:text-indigo-900">
        {children}
      </Link>
    ) : (
      <a href={href} rel="noopener noreferrer nofollow" target="_blank" className="text-indigo-700 underline hover:text-indigo-900">
        {children}
      </a>
    ),
};

/** An article body (Markdown with GFM tables), rendered safely; used by the console and the public /help pages. */
export function Markdown({ children }: { children: string }) {
  return (
    <div className="kb-markdown">
      <ReactMarkdown remarkPlugins={[remarkGfm]} components={COMPONENTS}>
        {children}
      </ReactMarkdown>
    </div>
  );
}
