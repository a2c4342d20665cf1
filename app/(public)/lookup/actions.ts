"use server";

import { headers } from "next/headers";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { CONTACT_PREFERENCES, type ContactPreference } from "@/lib/tickets";
import { getEnv } from "@/server/env";
import { remoteAddrOf } from "@/server/lib/http";
import { lookupOrder } from "@/server/lookup/lookup-order";
import { openSelfServiceTicket } from "@/server/lookup/open-self-service-ticket";
import type { LookupState, TicketState } from "./_components/lookup-state";

// Server actions: Next checks that a POST's Origin matches the host (its CSRF defence for actions), and the
// ticket form additionally carries the lookup's HMAC token; neither sets a cookie.

const field = (form: FormData, name: string, max: number) => {
  const v = form.get(name);
  return typeof v === "string" ? v.slice(0, max) : "";
};

async function clientAddress(): Promise<string | null> {
  return remoteAddrOf(new Request(getEnv().APP_URL, { headers: await headers() }));
}

export async function lookupAction(_prev: LookupState, form: FormData): Promise<LookupState> {
  const orderNo = field(form, "orderNo", 64).trim();
  const phoneLast4 = field(form, "phoneLast4", 4).trim();
  const result = await lookupOrder(await getDb(), { orderNo, phoneLast4, ip: await clientAddress() });
  if (result.outcome !== "answer") return { status: result.outcome, orderNo, phoneLast4 };
  return { status: "answer", orderNo, phoneLast4, answer: result.answer };
}

export async function ticketAction(_prev: TicketState, form: FormData): Promise<TicketState> {
  const orderNo = field(form, "orderNo", 64).trim();
  const contactRaw = field(form, "contact", 16);
  const contactPreference: ContactPreference = (CONTACT_PREFERENCES as readonly string[]).includes(contactRaw) ? (contactRaw as ContactPreference) : "none";
  const t = await getTranslations();
  const result = await openSelfServiceTicket(await getDb(), {
    orderNo,
    phoneLast4: field(form, "phoneLast4", 4),
    token: field(form, "token", 200),
    description: field(form, "description", 5000),
    contactPreference,
    subject: t("lookup.ticketSubject", { orderNo }),
  });
  if (result.outcome === "created" || result.outcome === "appended") return { status: result.outcome, number: result.number };
  return { status: result.outcome === "too_many" ? "too_many" : result.outcome, contact: contactPreference };
}
