"use client";

import { useState } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { parseBody } from "./parse-body";

export function RawPayload({ headers, body, defaultOpen = false }: { headers: Record<string, string>; body: string; defaultOpen?: boolean }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(defaultOpen);
  const contentType = Object.entries(headers).find(([k]) => k.toLowerCase() === "content-type")?.[1];
  const parsed = parseBody(body, contentType);
  return (
    <div className="mt-2">
      <button type="button" aria-expanded={open} onClick={() => setOpen((o) => !o)} className="text-xs font-medium text-indigo-600 hover:underline">
        {open ? t("common.hideRaw") : t("common.showRaw")}
      </button>
      {open && (
        <div className="mt-2 grid gap-3 lg:grid-cols-2">
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
      )}
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
