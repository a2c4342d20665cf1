"use client";

import type { CallbackOutcome, Verification } from "@/lib/enums";
import { useI18n } from "@/components/i18n/i18n-provider";
import { Badge, type Tone } from "@/components/ui/badge";

const OUTCOME_TONE: Record<CallbackOutcome, Tone> = {
  received: "amber",
  applied: "green",
  duplicate: "gray",
  ignored: "gray",
  unknown_order: "amber",
  discrepancy: "violet",
  rejected: "red",
  malformed: "red",
  error: "red",
};
const VERIFICATION_TONE: Record<Verification, Tone> = { pending: "gray", verified: "green", rejected: "red", malformed: "red" };

export function OutcomeBadge({ outcome }: { outcome: CallbackOutcome }) {
  const { t } = useI18n();
  return <Badge tone={OUTCOME_TONE[outcome]}>{t(`outcome.${outcome}`)}</Badge>;
}

export function VerificationBadge({ verification }: { verification: Verification }) {
  const { t } = useI18n();
  return <Badge tone={VERIFICATION_TONE[verification]}>{t(`tl.verification.${verification}`)}</Badge>;
}
