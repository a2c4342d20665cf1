"use client";

import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type RowData, type RowSelectionState } from "@tanstack/react-table";
import { Fragment, useMemo, useState, type ReactNode } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { cx } from "@/components/ui/cx";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { BulkActionBar, type BulkAction } from "./bulk-action-bar";
import { KeysetPager } from "./keyset-pager";
import { SelectCheckbox } from "./select-checkbox";
import { SortHeader, type SortState } from "./sort-header";
import type { KeysetPaging } from "./use-keyset-paging";

declare module "@tanstack/react-table" {
  // Column options the shared table understands, set per column in each view.
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Classes for the body cells (alignment, width, font). */
    className?: string;
    /** Classes for the header cell. */
    headerClassName?: string;
    /** Server-side sort key: the header becomes a sort button (only keys the server has an index for). */
    sortKey?: string;
    /** @internal keeps the type parameters used */
    _types?: [TData, TValue];
  }
}

/** What the table needs of a TanStack Query result (useQuery / useInfiniteQuery both fit). */
export interface ListQuery {
  isPending: boolean;
  isError: boolean;
  isFetching: boolean;
  error: unknown;
  refetch: () => unknown;
}

export interface DataTableProps<TRow> {
  /** Accessible name of the table (screen readers, tests). */
  label: string;
  query: ListQuery;
  /** The current page's rows; undefined while there is no data. */
  rows: TRow[] | undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- column value types differ per column
  columns: ColumnDef<TRow, any>[];
  getRowId: (row: TRow) => string;
  empty: { title: string; hint?: ReactNode; action?: ReactNode };
  /** Keyset paging: the state from useKeysetPaging and the server's nextCursor for this page. */
  paging?: { state: KeysetPaging; nextCursor: string | null | undefined };
  /** Row selection with a bulk-action bar; `rowLabel` names a row for its checkbox ("#12", an order number). */
  selection?: {
    actions: BulkAction<TRow>[];
    rowLabel: (row: TRow) => string;
    canSelect?: (row: TRow) => boolean;
    /** Selection starts over when this changes (a tab, a filter). */
    resetKey?: string;
  };
  /** Server-side sort: the active key and direction, and what to do on a header click. */
  sort?: { state: SortState; onChange: (next: SortState) => void };
  /** A full-width row under a row (details, raw payload); null for none. */
  renderDetail?: (row: TRow) => ReactNode;
  rowClassName?: (row: TRow, selected: boolean) => string | undefined;
}

/**
 * Every console list: the ladder (loading → error with retry and request id → empty → table → keyset
 * pager), optional selection with bulk actions and optional server-side sorting. Views supply columns
 * (one small cell renderer each) and the query; paging and filtering happen on the server.
 */
/**
 * A body cell's classes: one line by default; a column whose meta names its own white-space (e.g.
 * "whitespace-normal" for a sentence) gets that instead. Both classes on one element would leave the winner to
 * the order of Tailwind's generated CSS (nowrap wins), not to the column.
 */
export function cellClass(extra: string | undefined): string {
  return cx(/(^|\s)whitespace-/.test(extra ?? "") ? undefined : "whitespace-nowrap", "px-3 py-2 text-slate-700", extra);
}

export function DataTable<TRow>(props: DataTableProps<TRow>) {
  const { label, query, rows, columns, getRowId, empty, paging, selection, sort, renderDetail, rowClassName } = props;
  const { t } = useI18n();
  const resetKey = selection?.resetKey ?? "";
  const [selectionState, setSelectionState] = useState<{ key: string; value: RowSelectionState }>({ key: resetKey, value: {} });
  const rowSelection = selectionState.key === resetKey ? selectionState.value : {};

  const allColumns = useMemo<ColumnDef<TRow, unknown>[]>(() => {
    if (!selection) return columns;
    const select: ColumnDef<TRow, unknown> = {
      id: "_select",
      meta: { headerClassName: "w-8", className: "w-8" },
      header: ({ table }) => (
        <SelectCheckbox
          label={t("table.selectAll")}
          checked={table.getIsAllPageRowsSelected()}
          indeterminate={table.getIsSomePageRowsSelected()}
          disabled={!table.getRowModel().rows.some((r) => r.getCanSelect())}
          onChange={table.getToggleAllPageRowsSelectedHandler()}
        />
      ),
      cell: ({ row }) => (
        <SelectCheckbox
          label={t("table.selectRow", { label: selection.rowLabel(row.original) })}
          checked={row.getIsSelected()}
          disabled={!row.getCanSelect()}
          onChange={row.getToggleSelectedHandler()}
        />
      ),
    };
    return [select, ...columns];
  }, [columns, selection, t]);

  // TanStack Table returns a mutable instance by design; we do not use the React Compiler, and the
  // rows/columns we pass are memoized by the views.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable<TRow>({
    data: rows ?? [],
    columns: allColumns,
    getRowId: (row) => getRowId(row),
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    enableRowSelection: selection ? (row) => selection.canSelect?.(row.original) ?? true : false,
    state: { rowSelection },
    onRowSelectionChange: (updater) =>
      setSelectionState((s) => {
        const current = s.key === resetKey ? s.value : {};
        return { key: resetKey, value: typeof updater === "function" ? updater(current) : updater };
      }),
  });

  // Only rows on this page count: a selection never acts on rows the user cannot see.
  const selectedRows = table.getSelectedRowModel().rows;
  const clearSelection = () => setSelectionState({ key: resetKey, value: {} });

  // No rows yet, or a view hiding the previous filter's rows while the new ones load.
  if (!rows && (query.isPending || query.isFetching)) return <LoadingState />;
  if (query.isError && !rows) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (!rows || rows.length === 0) {
    return (
      <>
        <EmptyState title={empty.title} hint={empty.hint} action={empty.action} />
        {paging && paging.state.page > 1 && <KeysetPager paging={paging.state} nextCursor={paging.nextCursor} />}
      </>
    );
  }

  const colCount = table.getVisibleLeafColumns().length;
  return (
    <>
      {query.isError && <ErrorState error={query.error} onRetry={() => void query.refetch()} />}
      {selection && (
        <BulkActionBar
          actions={selection.actions}
          rows={selectedRows.map((r) => r.original)}
          ids={selectedRows.map((r) => r.id)}
          onDone={clearSelection}
          onClear={clearSelection}
        />
      )}
      <div className="overflow-x-auto">
        <table aria-label={label} aria-busy={query.isFetching || undefined} className={cx("min-w-full divide-y divide-slate-200 text-sm", query.isFetching && "opacity-70")}>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const meta = header.column.columnDef.meta;
                  const content = header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext());
                  const sortKey = meta?.sortKey;
                  const active = sort && sortKey && sort.state.key === sortKey ? sort.state.direction : undefined;
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      aria-sort={sortKey && sort ? (active === "asc" ? "ascending" : active === "desc" ? "descending" : "none") : undefined}
                      className={cx("whitespace-nowrap bg-slate-50 px-3 py-2 text-left text-xs font-medium text-slate-500", meta?.headerClassName)}
                    >
                      {sortKey && sort ? (
                        <SortHeader sortKey={sortKey} state={sort.state} onChange={sort.onChange}>
                          {content}
                        </SortHeader>
                      ) : (
                        content
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody className="divide-y divide-slate-100 bg-white">
            {table.getRowModel().rows.map((row) => {
              const detail = renderDetail?.(row.original);
              return (
                <Fragment key={row.id}>
                  <tr className={cx("hover:bg-slate-50", row.getIsSelected() && "bg-indigo-50/50", rowClassName?.(row.original, row.getIsSelected()))}>
                    {row.getVisibleCells().map((cell) => (
                      <td key={cell.id} className={cellClass(cell.column.columnDef.meta?.className)}>
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </td>
                    ))}
                  </tr>
                  {detail != null && (
                    <tr>
                      <td colSpan={colCount} className="bg-slate-50 px-3 pb-3">
                        {detail}
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
      {paging && <KeysetPager paging={paging.state} nextCursor={paging.nextCursor} />}
    </>
  );
}
