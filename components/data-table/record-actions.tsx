"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";

// The pieces every "small list of records you can edit" repeats: a column of row buttons, an edit dialog
// that refreshes the list and says "saved", and an action behind a confirmation that refreshes and says
// what happened (delete a contact, expire a silence…). The list itself is DataTable.

export interface RowAction {
  /** The button's text. */
  label: string;
  /** What a screen reader hears: the action and which row ("Edit On-call Li"). */
  ariaLabel: string;
  onClick: () => void;
  variant?: "secondary" | "ghost";
}

/** A right-aligned column of small buttons; a row with no actions shows none. */
export function rowActionsColumn<T>(header: string, actionsOf: (row: T) => RowAction[]): ColumnDef<T> {
  return {
    id: "actions",
    header: () => <span className="sr-only">{header}</span>,
    meta: { className: "text-right whitespace-nowrap" },
    cell: ({ row }) => {
      const actions = actionsOf(row.original);
      if (actions.length === 0) return null;
      return (
        <div className="flex justify-end gap-1.5">
          {actions.map((a) => (
            <Button key={a.label} size="sm" variant={a.variant ?? "secondary"} aria-label={a.ariaLabel} onClick={a.onClick}>
              {a.label}
            </Button>
          ))}
        </div>
      );
    },
  };
}

/** The editor dialog's state: which row is open (or "new"), and what a successful save does. */
export function useRecordEditor<T>({ refresh, savedText }: { refresh: () => Promise<unknown>; savedText: string }) {
  const [editing, setEditing] = useState<T | "new" | null>(null);
  return {
    editing,
    /** The row being edited; null for a new record (only meaningful while `editing` is set). */
    record: editing === "new" ? null : editing,
    // the state setters are stable, so columns built from these need no re-memo (rows are records, never functions)
    open: setEditing as (row: T | "new") => void,
    close: () => setEditing(null),
    saved: async () => {
      await refresh();
      setEditing(null);
      toast({ tone: "success", text: savedText });
    },
  };
}

/**
 * An action on one row that needs a confirmation first: `ask(row)` opens the ConfirmDialog, `confirm` runs
 * it, refreshes the list, closes the dialog and toasts success or the server's message.
 */
export function useConfirmedAction<T>({
  run,
  refresh,
  doneText,
  failedText,
}: {
  run: (row: T) => Promise<unknown>;
  refresh: () => Promise<unknown>;
  doneText: string;
  failedText: (message: string) => string;
}) {
  const [target, setTarget] = useState<T | null>(null);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    if (target === null) return;
    setBusy(true);
    try {
      await run(target);
      await refresh();
      toast({ tone: "success", text: doneText });
    } catch (e) {
      toast({ tone: "error", text: failedText((e as Error).message) });
    } finally {
      setBusy(false);
      setTarget(null);
    }
  };
  return { target, busy, ask: setTarget as (row: T) => void, cancel: () => setTarget(null), confirm: () => void confirm() };
}
