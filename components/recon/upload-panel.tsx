"use client";

import { useQuery } from "@tanstack/react-query";
import { useId, useRef, useState } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { PROVIDERS, type Provider } from "@/lib/enums";

/** What POST /api/recon/imports answers (H2's ImportSummary, the fields shown here). */
export interface UploadSummary {
  importId: number;
  provider: Provider;
  businessDate: string;
  outcome: "imported" | "unchanged" | "superseded";
  statementLines: number;
  matched: number;
  rowErrors: number;
  autoRepaired: number;
  open: number;
  durationMs: number;
}

type Phase = { kind: "idle" } | { kind: "uploading"; loaded: number; total: number } | { kind: "matching" } | { kind: "done"; summary: UploadSummary } | { kind: "failed"; message: string };

const MAX_BYTES = 1024 * 1024 * 1024;

/**
 * Statement upload: drop a file (or choose one), pick the provider and day (and a saved column mapping for
 * "any other CSV"), and watch it go: the browser sends the file as the request body with XHR, so the bar
 * shows real upload progress; then "matching…" until the import's summary comes back. Row errors are
 * listed under it (line number and message) without failing the file.
 */
export function UploadPanel({ date, provider: initialProvider, onImported, onMatching }: { date: string; provider?: Provider; onImported: (s: UploadSummary) => void; onMatching?: () => void }) {
  const { t, format } = useI18n();
  const trpc = useTRPC();
  const [provider, setProvider] = useState<Provider>(initialProvider ?? "sandbox");
  const [day, setDay] = useState(date);
  const [mappingId, setMappingId] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [dragging, setDragging] = useState(false);
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const input = useRef<HTMLInputElement>(null);
  const ids = useId();
  const mappings = useQuery(trpc.recon.mappings.queryOptions());
  const imported = phase.kind === "done" ? phase.summary.importId : null;
  const detail = useQuery({ ...trpc.recon.importDetail.queryOptions({ id: imported ?? 0 }), enabled: imported !== null && phase.kind === "done" && phase.summary.rowErrors > 0 });
  const busy = phase.kind === "uploading" || phase.kind === "matching";

  const choose = (f: File | undefined | null) => {
    if (!f) return;
    setFile(f);
    setPhase({ kind: "idle" });
  };

  const upload = () => {
    if (!file || busy) return;
    if (file.size > MAX_BYTES) return setPhase({ kind: "failed", message: t("recon.upload.tooLarge") });
    const q = new URLSearchParams({ provider, date: day });
    if (mappingId) q.set("mappingId", mappingId);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/recon/imports?${q.toString()}`);
    xhr.setRequestHeader("content-type", "application/octet-stream");
    xhr.setRequestHeader("x-file-name", encodeURIComponent(file.name));
    xhr.upload.onprogress = (e) => setPhase(e.loaded >= (e.lengthComputable ? e.total : Infinity) ? { kind: "matching" } : { kind: "uploading", loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.upload.onload = () => {
      setPhase({ kind: "matching" });
      // The import is loading now: the imports list shows it with its growing line count.
      onMatching?.();
    };
    xhr.onerror = () => setPhase({ kind: "failed", message: t("recon.upload.network") });
    xhr.onload = () => {
      let body: { summary?: UploadSummary; error?: { message?: string } | string } = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // not JSON: the status says enough
      }
      if (xhr.status === 200 && body.summary) {
        setPhase({ kind: "done", summary: body.summary });
        onImported(body.summary);
      } else {
        const message = typeof body.error === "string" ? body.error : (body.error?.message ?? `HTTP ${xhr.status}`);
        setPhase({ kind: "failed", message });
      }
    };
    setPhase({ kind: "uploading", loaded: 0, total: file.size });
    xhr.send(file);
  };

  const percent = phase.kind === "uploading" && phase.total > 0 ? Math.min(100, Math.round((phase.loaded / phase.total) * 100)) : phase.kind === "uploading" ? 0 : 100;
  const field = "rounded-md border-0 py-1.5 pl-2 text-sm ring-1 ring-slate-300 ring-inset";
  const providerMappings = mappings.data?.filter((m) => m.provider === provider) ?? [];
  return (
    <Card title={t("recon.upload.title")}>
      <div className="space-y-3 p-4">
        <div
          role="button"
          tabIndex={0}
          onClick={() => input.current?.click()}
          onKeyDown={(e) => {
            if (e.key === "Enter" || e.key === " ") {
              e.preventDefault();
              input.current?.click();
            }
          }}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            choose(e.dataTransfer.files[0]);
          }}
          className={cx(
            "flex cursor-pointer flex-col items-center justify-center rounded-lg border-2 border-dashed px-4 py-6 text-center text-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600",
            dragging ? "border-indigo-500 bg-indigo-50" : "border-slate-300 bg-slate-50 hover:bg-slate-100",
          )}
        >
          <span className="font-medium text-slate-700">{file ? file.name : t("recon.upload.drop")}</span>
          <span className="mt-1 text-xs text-slate-500">{file ? t("recon.upload.size", { kb: format.number(Math.ceil(file.size / 1024)) }) : t("recon.upload.formats")}</span>
        </div>
        {/* Outside the drop zone: a control inside a role="button" is a nested interactive control. */}
          <input ref={input} type="file" data-testid="statement-file" className="sr-only" tabIndex={-1} aria-hidden accept=".csv,.zip,.txt" onChange={(e) => choose(e.target.files?.[0])} />
        <div className="flex flex-wrap items-end gap-2">
          <span className="flex flex-col gap-1 text-xs text-slate-600">
            <label htmlFor={`${ids}-provider`}>{t("recon.upload.provider")}</label>
            <select id={`${ids}-provider`} value={provider} onChange={(e) => setProvider(e.target.value as Provider)} className={cx(field, "pr-8")}>
              {PROVIDERS.map((p) => (
                <option key={p} value={p}>{t(`provider.${p}`)}</option>
              ))}
            </select>
          </span>
          <span className="flex flex-col gap-1 text-xs text-slate-600">
            <label htmlFor={`${ids}-day`}>{t("recon.upload.day")}</label>
            <input id={`${ids}-day`} type="date" value={day} onChange={(e) => setDay(e.target.value)} className={field} />
          </span>
          <span className="flex flex-col gap-1 text-xs text-slate-600">
            <label htmlFor={`${ids}-mapping`}>{t("recon.upload.mapping")}</label>
            <select id={`${ids}-mapping`} value={mappingId} onChange={(e) => setMappingId(e.target.value)} className={cx(field, "pr-8")}>
              <option value="">{t("recon.upload.nativeFormat")}</option>
              {providerMappings.map((m) => (
                <option key={m.id} value={String(m.id)}>{m.name}</option>
              ))}
            </select>
          </span>
          <Button variant="primary" disabled={!file || busy || !day} aria-busy={busy || undefined} onClick={upload}>
            {t("recon.upload.start")}
          </Button>
        </div>
        {(phase.kind === "uploading" || phase.kind === "matching") && (
          <div className="space-y-1" role="status">
            <div className="flex justify-between text-xs text-slate-600">
              <span>{phase.kind === "uploading" ? t("recon.upload.uploading") : t("recon.upload.matching")}</span>
              <span className="tabular-nums">{percent}%</span>
            </div>
            <div role="progressbar" aria-label={t("recon.upload.progress")} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} className="h-2 w-full overflow-hidden rounded-full bg-slate-200">
              <div className={cx("h-full bg-indigo-600 transition-[width]", phase.kind === "matching" && "animate-pulse")} style={{ width: `${percent}%` }} />
            </div>
          </div>
        )}
        {phase.kind === "failed" && (
          <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
            {t("recon.upload.failed", { message: phase.message })}
          </p>
        )}
        {phase.kind === "done" && (
          <div role="status" className="space-y-2 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
            <p className="font-medium">{t(`recon.upload.outcome.${phase.summary.outcome}`, { id: phase.summary.importId, day: phase.summary.businessDate })}</p>
            <p className="tabular-nums">
              {t("recon.upload.result", {
                lines: phase.summary.statementLines,
                matched: phase.summary.matched,
                open: phase.summary.open,
                repaired: phase.summary.autoRepaired,
                errors: phase.summary.rowErrors,
                seconds: format.number(phase.summary.durationMs / 1000, { maximumFractionDigits: 1 }),
              })}
            </p>
          </div>
        )}
        {phase.kind === "done" && phase.summary.rowErrors > 0 && (
          <section aria-label={t("recon.upload.rowErrors")} className="rounded-md ring-1 ring-amber-200">
            <h3 className="bg-amber-50 px-3 py-1.5 text-xs font-semibold text-amber-900">{t("recon.upload.rowErrorsTitle", { count: phase.summary.rowErrors })}</h3>
            <ul className="max-h-48 divide-y divide-amber-100 overflow-auto text-xs">
              {detail.data?.rowErrors.map((e) => (
                <li key={e.lineNo} className="flex gap-3 px-3 py-1">
                  <span className="w-16 shrink-0 text-slate-500 tabular-nums">{t("recon.upload.line", { n: e.lineNo })}</span>
                  <span className="text-slate-800">{e.message}</span>
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </Card>
  );
}
