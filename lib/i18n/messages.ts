// The console's strings live in messages/<locale>/<area>.json (next-intl); the locale helpers in ./locale.
import type { MessageKeys, NestedKeyOf } from "next-intl";
import type { Messages } from "@/messages/areas";

/** Every leaf key of the messages, dotted: "nav.orders", "tl.verification.verified". */
export type MessageKey = MessageKeys<Messages, NestedKeyOf<Messages>>;
