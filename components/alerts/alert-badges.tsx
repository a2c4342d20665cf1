"use client";

import { useTranslations } from "next-intl";
import { useMemo } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { Badge, type Tone } from "@/components/ui/badge";
import { Tooltip } from "@/components/ui/tooltip";
import type { AlertSeverity, AlertStatus } from "@/lib/alerts";
import type { MessageKey } from "@/lib/i18n/messages";

const SEVERITY_TONE: Record<AlertSeverity, Tone> = { critical: "red", warning: "amber", info: "blue" };
const STATUS_TONE: Record<AlertStatus, Tone> = { pending: "gray", firing: "red", acknowledged: "violet", resolved: "green" };

export function SeverityBadge({ severity }: { severity: AlertSeverity }) {
  const { t } = useI18n();
  return (
    <Badge tone={SEVERITY_TONE[severity]} className="gap-1">
      <span aria-hidden className="inline-block h-1.5 w-1.5 rounded-full bg-current" />
      {t(`alerts.severity.${severity}`)}
    </Badge>
  );
}

export function AlertStatusBadge({ status }: { status: AlertStatus }) {
  const { t } = useI18n();
  return <Badge tone={STATUS_TONE[status]}>{t(`alerts.status.${status}`)}</Badge>;
}

/** "Silenced" / "Inhibited by #12" markers, each with its explanation a hover or a focus away. */
export function AlertMarkers({ silenced, inhibitedBy }: { silenced: boolean; inhibitedBy: number | null }) {
  const { t } = useI18n();
  if (!silenced && inhibitedBy === null) return null;
  return (
    <span className="inline-flex gap-1">
      {silenced && (
        <Tooltip content={t("alerts.list.silencedHint")}>
          <span tabIndex={0} className="rounded-md focus-visible:outline-2 focus-visible:outline-indigo-600">
            <Badge tone="gray">{t("alerts.list.silenced")}</Badge>
          </span>
        </Tooltip>
      )}
      {inhibitedBy !== null && (
        <Tooltip content={t("alerts.list.inhibitedHint", { id: inhibitedBy })}>
          <span tabIndex={0} className="rounded-md focus-visible:outline-2 focus-visible:outline-indigo-600">
            <Badge tone="gray">{t("alerts.list.inhibited")}</Badge>
          </span>
        </Tooltip>
      )}
    </span>
  );
}

/** Names of rules, scopes and metrics in the reader's language; a rule someone added later shows its key. */
export function useAlertLabels() {
  const { t } = useI18n();
  const has = useTranslations().has;
  return useMemo(() => ({
    rule: (key: string) => (has(`alerts.rule.${key}` as MessageKey) ? t(`alerts.rule.${key}` as MessageKey) : key),
    scope: (provider: string) =>
      provider === "*" ? t("alerts.scope.all") : has(`provider.${provider}` as MessageKey) ? t(`provider.${provider}` as MessageKey) : provider,
  }), [t, has]);
}
