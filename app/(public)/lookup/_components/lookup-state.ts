// What the lookup and ticket actions hand back to the page (client-safe: no server code).
import type { ContactPreference, LookupAnswerKind } from "@/lib/tickets";

export type PublicAnswer =
  | { kind: "no_match" }
  | { kind: Exclude<LookupAnswerKind, "no_match">; orderNo: string; amountMinor: number; currency: string; paidAt: string | null; expectMinutes: number; token: string };

/** The values typed are echoed back (React resets a form after its action): the same for every answer. */
export type LookupState =
  | { status: "idle" }
  | { status: "invalid" | "rate_limited"; orderNo: string; phoneLast4: string }
  | { status: "answer"; orderNo: string; phoneLast4: string; answer: PublicAnswer };

export type TicketState =
  | { status: "idle" }
  | { status: "created" | "appended"; number: string }
  | { status: "invalid" | "expired" | "too_many" | "rate_limited"; contact?: ContactPreference };

export const LOOKUP_IDLE: LookupState = { status: "idle" };
export const TICKET_IDLE: TicketState = { status: "idle" };
