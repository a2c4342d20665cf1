"use client";

import { useI18n } from "@/components/i18n/i18n-provider";
import type { MessageKey } from "@/lib/i18n/messages";

/** Labels for values that come from data (rule keys, topics, discrepancy types), falling back to the raw value. */
export function useReportLabels() {
  const { t, has } = useI18n();
  const look = (key: string, raw: string) => (has(key) ? t(key as MessageKey) : raw);
  return {
    subject: (kind: string, subject: string) =>
      kind === "alert_false" || kind === "alert_late"
        ? look(`alerts.rule.${subject}`, subject)
        : kind === "topic_no_content"
          ? look(`tickets.type.${subject}`, subject)
          : look(`disc.type.${subject}`, subject),
    topic: (type: string) => look(`tickets.type.${type}`, type),
    discType: (type: string) => look(`disc.type.${type}`, type),
    repairRule: (key: string) => look(`recon.rules.name.${key}`, key),
    kbCategory: (c: string) => look(`kb.category.${c}`, c),
  };
}
