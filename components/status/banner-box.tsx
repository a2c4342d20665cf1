import type { ReactNode } from "react";
import { cx } from "@/components/ui/cx";
import type { NoticeSeverity } from "@/lib/status";

// The banner's look, shared by the React <StatusBanner> and the editor's preview; the embeddable
// banner.js draws the same colours in its Shadow DOM (app/(public)/embed/banner.js/banner-script.ts).
const TONE: Record<NoticeSeverity, string> = {
  info: "bg-blue-50 border-blue-200",
  warning: "bg-amber-50 border-amber-200",
  critical: "bg-red-50 border-red-200",
};

export function BannerBox({ severity, title, body, link, action, live }: { severity: NoticeSeverity; title: string; body: string; link?: ReactNode; action?: ReactNode; live?: boolean }) {
  return (
    <div role={live ? "status" : undefined} aria-live={live ? "polite" : undefined} className={cx("flex items-start gap-3 border-b px-4 py-2.5 text-sm text-slate-900", TONE[severity])}>
      <p className="min-w-0 flex-1">
        <span className="mr-1.5 font-semibold">{title}</span>
        <span>{body}</span>
        {link}
      </p>
      {action}
    </div>
  );
}
