"use client";

import { useI18n } from "@/components/i18n/i18n-provider";
import { Badge, type Tone } from "@/components/ui/badge";
import type { ScriptStatus, ScriptVersionState } from "@/lib/scripts";

const TONE: Record<ScriptStatus | ScriptVersionState, Tone> = {
  draft: "gray",
  pending_approval: "amber",
  published: "green",
  archived: "gray",
  rejected: "red",
  superseded: "gray",
};

export function ScriptStatusBadge({ status }: { status: ScriptStatus }) {
  const { t } = useI18n();
  return <Badge tone={TONE[status]}>{t(`scripts.status.${status}`)}</Badge>;
}

export function VersionStateBadge({ state }: { state: ScriptVersionState }) {
  const { t } = useI18n();
  return <Badge tone={TONE[state]}>{t(`scripts.versionState.${state}`)}</Badge>;
}
