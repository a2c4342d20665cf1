"use client";

import { useI18n } from "@/components/i18n/i18n-provider";
import { Badge, type Tone } from "@/components/ui/badge";
import type { RefundFlag, RefundStatus } from "@/lib/refunds";

const TONE: Record<RefundStatus, Tone> = { pending_approval: "amber", approved: "blue", processing: "blue", succeeded: "green", rejected: "gray", failed: "red" };

export function RefundStatusBadge({ status }: { status: RefundStatus }) {
  const { t } = useI18n();
  return <Badge tone={TONE[status]}>{t(`refunds.status.${status}`)}</Badge>;
}

export function RefundFlags({ flags }: { flags: RefundFlag[] }) {
  const { t } = useI18n();
  if (flags.length === 0) return null;
  return (
    <span className="flex flex-wrap gap-1">
      {flags.map((f) => (
        <Badge key={f} tone={f === "repeat_refunds" ? "red" : "violet"}>
          {t(`refunds.flag.${f}`)}
        </Badge>
      ))}
    </span>
  );
}

/** "Expected to arrive by …" once the provider reported success (the sandbox: at once). */
export function RefundArrival({ arrivalBy, succeededAt }: { arrivalBy: Date | string | null; succeededAt: Date | string | null }) {
  const { t, dateTime } = useI18n();
  if (!arrivalBy) return <span className="text-slate-500">—</span>;
  const same = succeededAt && new Date(arrivalBy).getTime() === new Date(succeededAt).getTime();
  return <span className="text-xs text-slate-700">{same ? t("refunds.arrivalNow") : t("refunds.arrivalBy", { date: dateTime(arrivalBy) })}</span>;
}
