import { cx } from "./cx";

/** The "P" tile and product name; `compact` for the sidebar. */
export function BrandMark({ name, compact = false }: { name: string; compact?: boolean }) {
  return (
    <div className="flex items-center gap-2">
      <span aria-hidden className={cx("grid place-items-center rounded-md bg-indigo-600 font-bold text-white", compact ? "h-7 w-7 text-xs" : "h-8 w-8 text-sm")}>
        P
      </span>
      <span className={cx("font-semibold", compact ? "text-sm" : "text-base")}>{name}</span>
    </div>
  );
}
