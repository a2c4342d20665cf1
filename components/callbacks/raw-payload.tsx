"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { parseBody } from "./parse-body";

export interface RawMessage {
  id: number;
  headers: Record<string, string>;
  /** A preview (callback-summary's BODY_PREVIEW_BYTES); the stored body is loaded on demand. */
  body: string;
  storedBytes: number;
  previewTruncated: boolean;
  /** Set at intake for rejected messages kept only in part: the original's size. */
  bodyTruncated?: boolean;
  bodyBytes?: number | null;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * A stored provider message: collapsed by default; headers and body (masked, a preview) when opened, the
 * full body (capped server-side) only when asked for, one message at a time. Parsing and pretty-printing
 * happen only while open: a page of collapsed rows costs nothing.
 */
export function RawPayload({ message, defaultOpen = false, canReveal = false }: { message: RawMessage; defaultOpen?: boolean; canReveal?: boolean }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(defaultOpen);
  return (
    <div className="mt-2">
      <button type="button" aria-expanded={open} onClick={() => setOpen((o) => !o)} className="text-xs font-medium text-indigo-600 hover:underline">
        {open ? t("common.hideRaw") : t("common.showRaw")}
      </button>
      {open && <OpenPayload message={message} canReveal={canReveal} />}
    </div>
  );
}

function OpenPayload({ message, canReveal }: { message: RawMessage; canReveal: boolean }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [wantFull, setWantFull] = useState(false);
  const [askReason, setAskReason] = useState(false);
  const [reason, setReason] = useState("");
  const full = useQuery({ ...trpc.callback.body.queryOptions({ id: message.id }), enabled: wantFull });
  const reveal = useMutation(trpc.callback.reveal.mutationOptions());

  const shown = reveal.data ?? (wantFull && full.data ? full.data : null);
  const headers = shown?.headers ?? message.headers;
  const body = shown?.body ?? message.body;
  const truncated = shown ? shown.truncated : message.previewTruncated;
  const contentType = Object.entries(headers).find(([k]) => k.toLowerCase() === "content-type")?.[1];
  const parsed = useMemo(() => parseBody(body, contentType), [body, contentType]);

  return (
    <div className="mt-2">
      <p className="mb-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-[11px] text-slate-500">
        <span>{reveal.data ? t("raw.revealed") : t("raw.masked")}</span>
        {message.bodyTruncated && message.bodyBytes != null && <span>{t("raw.cutAtIntake", { total: formatBytes(message.bodyBytes) })}</span>}
        {truncated && <span>{t("raw.truncated", { shown: formatBytes(new TextEncoder().encode(body).length), total: formatBytes(message.storedBytes) })}</span>}
        {message.previewTruncated && !wantFull && !reveal.data && (
          <Button size="sm" variant="ghost" onClick={() => setWantFull(true)}>
            {t("raw.loadFull")}
          </Button>
        )}
        {canReveal && !reveal.data && !askReason && (
          <Button size="sm" variant="ghost" onClick={() => setAskReason(true)}>
            {t("raw.reveal")}
          </Button>
        )}
      </p>
      {askReason && !reveal.data && (
        <form
          className="mb-2 flex flex-wrap items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            reveal.mutate({ id: message.id, reason });
          }}
        >
          <label className="text-xs text-slate-600">
            {t("raw.revealReason")}{" "}
            <input value={reason} onChange={(e) => setReason(e.target.value)} minLength={5} maxLength={500} required className="ml-1 rounded border border-slate-300 px-2 py-0.5 text-xs" />
          </label>
          <Button type="submit" size="sm" disabled={reveal.isPending}>
            {t("raw.revealConfirm")}
          </Button>
          {reveal.isError && <span className="text-xs text-rose-700">{reveal.error.message}</span>}
        </form>
      )}
      <div className="grid gap-3 lg:grid-cols-2">
        <div>
          <p className="mb-1 text-[11px] font-semibold tracking-wide text-slate-500 uppercase">{t("common.headers")}</p>
          <KeyValues pairs={Object.entries(headers)} />
        </div>
        <div>
          <p className="mb-1 text-[11px] font-semibold tracking-wide text-slate-500 uppercase">{t("common.body")}</p>
          {parsed.kind === "form" ? (
            <KeyValues pairs={parsed.pairs} />
          ) : (
            <pre className="max-h-96 overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed break-all whitespace-pre-wrap text-slate-100">
              {parsed.text}
            </pre>
          )}
        </div>
      </div>
    </div>
  );
}

function KeyValues({ pairs }: { pairs: [string, string][] }) {
  return (
    <table className="w-full rounded-md text-xs ring-1 ring-slate-200">
      <tbody className="divide-y divide-slate-100">
        {pairs.map(([k, v], i) => (
          <tr key={`${k}-${i}`}>
            <th scope="row" className="w-1/3 bg-slate-50 px-2 py-1 text-left align-top font-mono font-medium text-slate-600">
              {k}
            </th>
            <td className="px-2 py-1 font-mono break-all text-slate-800">{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
