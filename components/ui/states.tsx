"use client";

import type { ReactNode } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { Button } from "./button";

export function LoadingState({ rows = 5 }: { rows?: number }) {
  const { t } = useI18n();
  return (
    <div role="status" aria-label={t("common.loading")} className="space-y-2 p-4">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="h-6 animate-pulse rounded bg-slate-100" />
      ))}
      <span className="sr-only">{t("common.loading")}</span>
    </div>
  );
}

export function EmptyState({ title, hint, action }: { title: string; hint?: ReactNode; action?: ReactNode }) {
  return (
    <div className="px-4 py-12 text-center">
      <p className="text-sm font-medium text-slate-700">{title}</p>
      {hint && <p className="mt-1 text-xs text-slate-500">{hint}</p>}
      {action && <div className="mt-3">{action}</div>}
    </div>
  );
}

type ErrorKind = "network" | "forbidden" | "notFound" | "tooMany" | "server" | "timeout";

/**
 * What kind of failure a query error is, so people read a sentence in their language rather than the
 * browser's "Failed to fetch" or a server's English. A client error (BAD_REQUEST, CONFLICT…) keeps the
 * server's message: it says what was wrong with the input.
 */
export function errorKindOf(error: unknown): ErrorKind | null {
  const e = error as { message?: string; data?: { code?: string; httpStatus?: number } | null } | null;
  const code = e?.data?.code;
  if (!code) return "network"; // no tRPC envelope: the request never got an answer (offline, refused, aborted)
  if (code === "UNAUTHORIZED" || code === "FORBIDDEN") return "forbidden";
  if (code === "NOT_FOUND") return "notFound";
  if (code === "TOO_MANY_REQUESTS") return "tooMany";
  if (code === "TIMEOUT") return "timeout";
  if (code === "INTERNAL_SERVER_ERROR" || (e?.data?.httpStatus ?? 0) >= 500) return "server";
  return null;
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const e = error as { message?: string; data?: { requestId?: string } };
  const kind = errorKindOf(error);
  return (
    <div role="alert" className="m-4 rounded-md border border-rose-200 bg-rose-50 px-4 py-3 text-sm text-rose-800">
      <p className="font-medium">{t("common.error")}</p>
      <p className="mt-1 text-xs">{kind ? t(`common.errorKind.${kind}`) : e?.message}</p>
      {e?.data?.requestId && (
        <p className="mt-1 font-mono text-xs text-rose-600">
          {t("common.requestId")}: {e.data.requestId}
        </p>
      )}
      {kind && e?.message && (
        <details className="mt-1 text-[11px] text-rose-700">
          <summary className="cursor-pointer select-none">{t("common.errorDetails")}</summary>
          <code className="font-mono break-all">{e.message}</code>
        </details>
      )}
      {onRetry && (
        <Button size="sm" className="mt-2" onClick={onRetry}>
          {t("common.retry")}
        </Button>
      )}
    </div>
  );
}
