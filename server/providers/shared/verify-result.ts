import "server-only";
import { reason as coded, type Reason } from "@/lib/reasons";
import type { VerifyResult } from "../types";

/** `reason` is the English text kept for engineers; `code` the same as a code people read in their language. */
export const rejected = (reason: string, code?: Reason): VerifyResult => ({ ok: false, kind: "rejected", reason, ...(code ? { coded: code } : {}) });
/** The detail of a malformed message comes from parsing; it is shown inside a "malformed" sentence. */
export const malformed = (reason: string, code: Reason = coded("callback.malformed", { detail: reason })): VerifyResult => ({ ok: false, kind: "malformed", reason, coded: code });

/** Thrown while building a notification from already-verified data that turns out unusable. */
export class MalformedError extends Error {}
