import type { ColumnDef } from "@tanstack/react-table";
import { cx } from "@/components/ui/cx";

/**
 * A column of instants shown in the business time zone, its header naming the zone ("Created (GMT+8)").
 * Every list shows times this way; the row decides which instant (and may answer null for "—").
 */
export function timeColumn<Row>(opts: {
  id: string;
  label: string;
  zoneLabel: string;
  dateTime: (d: Date | string | null | undefined) => string;
  at: (row: Row) => Date | string | null | undefined;
  className?: string;
  sortKey?: string;
}): ColumnDef<Row> {
  return {
    id: opts.id,
    header: () => (
      <>
        {opts.label} <span className="font-normal text-slate-500">({opts.zoneLabel})</span>
      </>
    ),
    meta: { className: cx("tabular-nums", opts.className), sortKey: opts.sortKey },
    cell: ({ row }) => opts.dateTime(opts.at(row.original)),
  };
}
