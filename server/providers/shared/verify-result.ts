import "server-only";
import type { VerifyResult } from "../types";

export const rejected = (reason: string): VerifyResult => ({ ok: false, kind: "rejected", reason });
export const malformed = (reason: string): VerifyResult => ({ ok: false, kind: "malformed", reason });

/** Thrown while building a notification from already-verified data that turns out unusable. */
export class MalformedError extends Error {}
