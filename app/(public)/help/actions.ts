"use server";

import { headers } from "next/headers";
import { getDb } from "@/db/client";
import { KB_COMMENT_MAX } from "@/lib/kb";
import { getEnv } from "@/server/env";
import { recordPublicFeedback } from "@/server/kb/record-feedback";
import { DomainError } from "@/server/lib/errors";
import { remoteAddrOf } from "@/server/lib/http";
import type { HelpfulState } from "./_components/helpful-state";

// "Was this helpful" from anonymous visitors: Next checks the POST's Origin for actions (CSRF); the answer is
// throttled per client address on the sign-in throttle's counters; no cookie is set.
export async function feedbackAction(_prev: HelpfulState, form: FormData): Promise<HelpfulState> {
  const articleId = Number(form.get("articleId"));
  const helpful = form.get("helpful") === "yes";
  const comment = typeof form.get("comment") === "string" ? String(form.get("comment")).slice(0, KB_COMMENT_MAX) : "";
  if (!Number.isSafeInteger(articleId) || articleId <= 0) return { status: "failed" };
  const ip = remoteAddrOf(new Request(getEnv().APP_URL, { headers: await headers() }));
  try {
    await recordPublicFeedback(await getDb(), ip, { articleId, helpful, comment });
    return { status: "thanks" };
  } catch (e) {
    if (e instanceof DomainError && e.code === "TOO_MANY_REQUESTS") return { status: "too_many" };
    if (e instanceof DomainError) return { status: "failed" };
    throw e;
  }
}
