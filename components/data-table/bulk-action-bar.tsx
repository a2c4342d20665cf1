"use client";

import { useState, type ReactNode } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toast";

export interface BulkAction<TRow> {
  id: string;
  /** The button's text for this many selected rows, e.g. "Replay selected (3)". */
  label: (count: number) => string;
  variant?: "primary" | "secondary" | "danger";
  /** Ask first (a dialog, focus on Cancel): for anything that changes data. */
  confirm?: (count: number) => { title: string; body: ReactNode; confirmLabel?: string };
  /** Does the work; the message it returns is the success toast. Throwing shows `failure` (or a generic text). */
  run: (ids: string[], rows: TRow[]) => Promise<string | void>;
  failure?: (message: string) => string;
}

/** Above a selectable table: how many rows are selected, the actions, progress, and the result as a toast. */
export function BulkActionBar<TRow>({ actions, ids, rows, onDone, onClear }: { actions: BulkAction<TRow>[]; ids: string[]; rows: TRow[]; onDone: () => void; onClear: () => void }) {
  const { t } = useI18n();
  const [asking, setAsking] = useState<BulkAction<TRow> | null>(null);
  const [running, setRunning] = useState<{ id: string; count: number } | null>(null);
  const count = ids.length;

  const run = async (action: BulkAction<TRow>) => {
    setRunning({ id: action.id, count });
    try {
      const message = await action.run(ids, rows);
      if (message) toast({ tone: "success", text: message });
      onDone();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      toast({ tone: "error", text: action.failure?.(message) ?? t("table.failed", { message }) });
    } finally {
      setRunning(null);
      setAsking(null);
    }
  };

  const confirm = asking?.confirm?.(count);
  return (
    <div role="toolbar" aria-label={t("table.bulkActions")} className="flex flex-wrap items-center gap-2 border-b border-slate-100 bg-slate-50/60 px-3 py-2 text-sm">
      <span className="text-slate-600 tabular-nums">{t("table.selected", { count })}</span>
      {actions.map((action) => (
        <Button
          key={action.id}
          size="sm"
          variant={action.variant ?? "primary"}
          disabled={count === 0 || running !== null}
          aria-busy={running?.id === action.id || undefined}
          onClick={() => (action.confirm ? setAsking(action) : void run(action))}
        >
          {action.label(count)}
        </Button>
      ))}
      {count > 0 && running === null && (
        <Button size="sm" variant="ghost" onClick={onClear}>
          {t("table.clearSelection")}
        </Button>
      )}
      <span role="status" className="text-xs text-slate-500">
        {running ? t("table.running", { count: running.count }) : null}
      </span>
      {asking && confirm && (
        <ConfirmDialog open title={confirm.title} confirmLabel={confirm.confirmLabel} busy={running !== null} onCancel={() => setAsking(null)} onConfirm={() => void run(asking)}>
          {confirm.body}
        </ConfirmDialog>
      )}
    </div>
  );
}
