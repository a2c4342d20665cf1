"use client";

import { useActionState } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { CONTACT_PREFERENCES } from "@/lib/tickets";
import { LOOKUP_IDLE, TICKET_IDLE, type LookupState, type PublicAnswer, type TicketState } from "./lookup-state";

type Action<S> = (prev: S, form: FormData) => Promise<S>;

const TONE: Record<PublicAnswer["kind"], string> = {
  done: "bg-emerald-50 ring-emerald-200",
  processing: "bg-sky-50 ring-sky-200",
  not_paid: "bg-slate-50 ring-slate-200",
  closed: "bg-slate-50 ring-slate-200",
  charged_twice: "bg-amber-50 ring-amber-200",
  refund_pending: "bg-amber-50 ring-amber-200",
  no_match: "bg-slate-50 ring-slate-200",
};

const input = "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-base text-slate-900 focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200";
const button = "rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700 focus:outline-none focus:ring-2 focus:ring-indigo-300 disabled:opacity-60";

function Answer({ answer }: { answer: PublicAnswer }) {
  const { t, money, dateTime } = useI18n();
  const vars: Record<string, string | number> = answer.kind === "no_match" ? {} : { orderNo: answer.orderNo, minutes: answer.expectMinutes };
  return (
    <div className={`mt-6 rounded-lg p-4 ring-1 ${TONE[answer.kind]}`}>
      <h2 className="text-base font-semibold text-slate-900">{t(`lookup.answer.${answer.kind}.title`)}</h2>
      <p className="mt-1 text-sm leading-6 text-slate-700">{t(`lookup.answer.${answer.kind}.body`, vars)}</p>
      {answer.kind !== "no_match" && (
        <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-500">{t("lookup.orderNo")}</dt>
          <dd className="font-mono text-slate-900">{answer.orderNo}</dd>
          <dt className="text-slate-500">{t("lookup.amount")}</dt>
          <dd className="text-slate-900">{money(answer.amountMinor, answer.currency)}</dd>
          {answer.paidAt && (
            <>
              <dt className="text-slate-500">{t("lookup.paidAt")}</dt>
              <dd className="text-slate-900">{dateTime(answer.paidAt)}</dd>
            </>
          )}
        </dl>
      )}
    </div>
  );
}

function HelpForm({ state, answer, lookup, action, pending }: { state: TicketState; answer: Extract<PublicAnswer, { token: string }>; lookup: { orderNo: string; phoneLast4: string }; action: (f: FormData) => void; pending: boolean }) {
  const { t } = useI18n();
  const error = state.status === "invalid" ? "invalid" : state.status === "expired" ? "expired" : state.status === "too_many" ? "tooMany" : state.status === "rate_limited" ? "rateLimited" : null;
  return (
    <section aria-labelledby="help-title" className="mt-8 border-t border-slate-200 pt-6">
      <h2 id="help-title" className="text-base font-semibold text-slate-900">{t("lookup.help.title")}</h2>
      <p className="mt-1 text-sm text-slate-700">{t("lookup.help.intro")}</p>
      <form action={action} className="mt-4 space-y-4">
        <input type="hidden" name="orderNo" value={answer.orderNo} />
        <input type="hidden" name="phoneLast4" value={lookup.phoneLast4} />
        <input type="hidden" name="token" value={answer.token} />
        <div>
          <label htmlFor="help-description" className="text-sm font-medium text-slate-800">{t("lookup.help.description")}</label>
          <textarea id="help-description" name="description" required maxLength={4000} rows={4} placeholder={t("lookup.help.descriptionHint")} className={input} />
        </div>
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">{t("lookup.help.contact")}</legend>
          <div className="mt-2 flex flex-wrap gap-4">
            {CONTACT_PREFERENCES.map((c) => (
              <label key={c} className="inline-flex items-center gap-2 text-sm text-slate-700">
                <input type="radio" name="contact" value={c} defaultChecked={c === "sms"} />
                {t(`lookup.help.contactOption.${c}`)}
              </label>
            ))}
          </div>
        </fieldset>
        {error && <p role="alert" className="text-sm text-red-700">{t(`lookup.help.${error}`)}</p>}
        <button type="submit" className={button} disabled={pending}>
          {pending ? t("lookup.help.sending") : t("lookup.help.submit")}
        </button>
      </form>
    </section>
  );
}

/** The lookup form, its answer and the "Get help" form. Works without JavaScript (plain form posts to the actions). */
export function LookupPanel({ initialOrderNo, lookupAction, ticketAction }: { initialOrderNo: string; lookupAction: Action<LookupState>; ticketAction: Action<TicketState> }) {
  const { t } = useI18n();
  const [lookup, lookupDispatch, lookingUp] = useActionState(lookupAction, LOOKUP_IDLE);
  const [ticket, ticketDispatch, sending] = useActionState(ticketAction, TICKET_IDLE);
  const typed = lookup.status === "idle" ? { orderNo: initialOrderNo, phoneLast4: "" } : lookup;
  const matched = lookup.status === "answer" && lookup.answer.kind !== "no_match" ? lookup.answer : null;
  const done = ticket.status === "created" || ticket.status === "appended";
  return (
    <>
      <form action={lookupDispatch} className="mt-6 grid gap-4 sm:grid-cols-[1fr_12rem_auto] sm:items-end" key={`${typed.orderNo}|${typed.phoneLast4}`}>
        <div>
          <label htmlFor="lookup-order" className="text-sm font-medium text-slate-800">{t("lookup.orderNo")}</label>
          <input id="lookup-order" name="orderNo" required maxLength={64} autoComplete="off" spellCheck={false} defaultValue={typed.orderNo} aria-describedby="lookup-order-hint" className={input} />
          <p id="lookup-order-hint" className="mt-1 text-xs text-slate-500">{t("lookup.orderNoHint")}</p>
        </div>
        <div>
          <label htmlFor="lookup-phone" className="text-sm font-medium text-slate-800">{t("lookup.phoneLast4")}</label>
          <input id="lookup-phone" name="phoneLast4" required inputMode="numeric" pattern="[0-9]{4}" maxLength={4} autoComplete="off" defaultValue={typed.phoneLast4} aria-describedby="lookup-phone-hint" className={input} />
          <p id="lookup-phone-hint" className="mt-1 text-xs text-slate-500">{t("lookup.phoneLast4Hint")}</p>
        </div>
        <button type="submit" className={`${button} sm:mb-5`} disabled={lookingUp}>
          {lookingUp ? t("lookup.checking") : t("lookup.submit")}
        </button>
      </form>
      <div role="status" aria-live="polite" aria-label={t("lookup.result")}>
        {lookup.status === "invalid" && <p className="mt-4 text-sm text-red-700">{t("lookup.invalid")}</p>}
        {lookup.status === "rate_limited" && <p className="mt-4 text-sm text-red-700">{t("lookup.rateLimited")}</p>}
        {lookup.status === "answer" && <Answer answer={lookup.answer} />}
        {done && (
          <p className="mt-6 rounded-lg bg-emerald-50 p-4 text-sm font-medium text-emerald-900 ring-1 ring-emerald-200">
            {t(ticket.status === "created" ? "lookup.help.created" : "lookup.help.appended", { number: ticket.number })}
          </p>
        )}
      </div>
      {matched && !done && <HelpForm state={ticket} answer={matched} lookup={typed} action={ticketDispatch} pending={sending} />}
    </>
  );
}
