"use client";

import type { DiscrepancyStatus } from "@/lib/enums";
import { useI18n } from "@/components/i18n/i18n-provider";
import { Badge } from "@/components/ui/badge";

const STATUS_TONE: Record<DiscrepancyStatus, "red" | "amber" | "green" | "gray" | "blue"> = {
  open: "red",
  waiting: "amber",
  resolved: "green",
  written_off: "blue",
  ignored: "gray",
};

/** Status, and for items inside their grace window until when they wait (business time zone). */
export function DiscrepancyStatusBadge({ status, graceUntil }: { status: DiscrepancyStatus; graceUntil?: Date | string | null }) {
  const { t, dateTime } = useI18n();
  return (
    <span className="inline-flex flex-col items-start gap-0.5">
      <Badge tone={STATUS_TONE[status]}>{t(`disc.status.${status}`)}</Badge>
      {status === "waiting" && graceUntil && <span className="text-[11px] text-slate-500 tabular-nums">{t("disc.waitingUntil", { at: dateTime(graceUntil) })}</span>}
    </span>
  );
}

/** "auto: write-off": the rule that closed the item (null when a person did). */
export function RepairRuleBadge({ rule }: { rule: string | null }) {
  const { t } = useI18n();
  if (!rule) return null;
  const known = rule === "apply_payment" || rule === "refund_duplicate" || rule === "write_off";
  return <Badge tone="blue">{t("disc.autoRule", { rule: known ? t(`recon.rules.name.${rule}`) : rule })}</Badge>;
}
