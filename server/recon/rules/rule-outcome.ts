import "server-only";
import type { Refund } from "@/db/schema";

/** What one rule did to one item. */
export type RuleOutcome =
  /** Closed by the rule (resolved or written off). */
  | { kind: "done" }
  /** A refund was requested (approved by the rule, or waiting for approval); the item closes when it succeeds. */
  | { kind: "refund_requested"; refund: Refund }
  /** Someone else closed it first (another run, a person): nothing written. */
  | { kind: "lost" }
  /** Could not finish: left open, the error recorded, a ticket opened. */
  | { kind: "failed"; error: string };
