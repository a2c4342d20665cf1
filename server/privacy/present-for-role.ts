import "server-only";
import type { Role } from "@/lib/enums";
import { seesFullPhone } from "@/server/auth/permissions";
import { maskPersonalData, maskPersonalText } from "./mask-personal-data";

// Who sees what. Structured fields (an order's phone, audit copies, job payloads) follow the role matrix:
// finance, ops and admin see them in full, everyone else masked. Stored provider messages (bodies and
// headers) are masked for everyone: they can hold any personal data a provider chose to send, and the
// people who need one in full (ops, admin) unmask it with callback.reveal, which is audited.

/** A stored message's body and headers, masked. */
export function maskMessage<T extends { body: string; headers: Record<string, string> }>(m: T): T {
  return { ...m, body: maskPersonalText(m.body), headers: maskPersonalData(m.headers) };
}

/** Everything in `value` masked for roles that do not see personal data in full; unchanged for the others. */
export function forRole<T>(value: T, role: Role): T {
  return seesFullPhone(role) ? value : maskPersonalData(value);
}
