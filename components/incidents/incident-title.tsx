"use client";

import { useCallback } from "react";
import { useAlertLabels } from "@/components/alerts/alert-badges";

/**
 * An incident's title in the reader's language. Incidents are opened with a working title naming the
 * opening alert's rule and scope ("success-rate-low · alipay", server/incidents/open-incident.ts); those two
 * parts are shown by their names. Any other title is shown as written.
 */
export function useIncidentTitle(): (title: string) => string {
  const labels = useAlertLabels();
  return useCallback(
    (title: string) => {
      const m = /^([a-z0-9-]+) · (.+)$/.exec(title);
      if (!m) return title;
      return `${labels.rule(m[1]!)} · ${labels.scope(m[2] === "all providers" ? "*" : m[2]!)}`;
    },
    [labels],
  );
}
