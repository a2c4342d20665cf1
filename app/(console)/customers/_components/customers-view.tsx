"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { CustomerNotices } from "@/components/customers/customer-notices";
import { CustomerOrders } from "@/components/customers/customer-orders";
import { RevealPhone } from "@/components/customers/reveal-phone";
import type { CustomerAbilities, CustomerMatchView } from "@/components/customers/types";
import { useSlashFocus } from "@/components/desk/use-slash-focus";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";

export function CustomersView({ initialQuery, can }: { initialQuery: string; can: CustomerAbilities }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(initialQuery);
  const [q, setQ] = useState(initialQuery);
  const [picked, setPicked] = useState<string | null>(null);
  useSlashFocus(input);
  useEffect(() => {
    if (!initialQuery) input.current?.focus();
  }, [initialQuery]);
  const find = useQuery({ ...trpc.customer.find.queryOptions({ q }), enabled: q.length > 0 });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = text.trim();
    if (!next) return;
    setQ(next);
    setPicked(null);
    router.replace(`${pathname}?q=${encodeURIComponent(next)}`, { scroll: false });
  };

  const people = find.data?.people ?? [];
  const person: CustomerMatchView | undefined = people.find((p) => p.userId === picked) ?? (people.length === 1 ? people[0] : undefined);
  const keys = (ks: readonly string[]) => ks.map((k) => t(`customers.key.${k as "phone"}`)).join(" / ");

  return (
    <>
      <PageHeader title={t("customers.title")} subtitle={t("customers.subtitle")} />
      <Card className="mb-4">
        <form role="search" onSubmit={submit} className="flex flex-wrap items-center gap-2 p-4">
          <input
            ref={input}
            type="search"
            aria-label={t("customers.search.label")}
            aria-keyshortcuts="/"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t("customers.search.placeholder")}
            className="min-w-72 flex-1 rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600"
          />
          <Button type="submit" variant="primary">
            {t("customers.search.submit")}
          </Button>
          {find.data && find.data.triedAs.length > 0 && <p className="w-full text-xs text-slate-500">{t("customers.search.triedAs", { keys: keys(find.data.triedAs) })}</p>}
        </form>
      </Card>

      {!q ? (
        <Card>
          <EmptyState title={t("customers.prompt")} hint={t("customers.promptHint")} />
        </Card>
      ) : find.isPending ? (
        <Card>
          <LoadingState rows={4} />
        </Card>
      ) : find.isError ? (
        <Card>
          <ErrorState error={find.error} onRetry={() => void find.refetch()} />
        </Card>
      ) : people.length === 0 ? (
        <Card>
          <EmptyState title={t("customers.noMatch", { q })} hint={t("customers.noMatchHint")} />
        </Card>
      ) : (
        <>
          {people.length > 1 && (
            <Card className="mb-4">
              <p className="px-4 pt-3 text-sm text-slate-700">{t("customers.people", { count: people.length })}</p>
              <ul className="flex flex-wrap gap-2 p-4">
                {people.map((p) => (
                  <li key={p.userId}>
                    <Button variant={person?.userId === p.userId ? "primary" : "secondary"} aria-pressed={person?.userId === p.userId} onClick={() => setPicked(p.userId)}>
                      <span className="font-mono">{p.userId}</span> · {p.phone ?? "—"} · {keys(p.matchedBy)}
                    </Button>
                  </li>
                ))}
              </ul>
            </Card>
          )}
          {person && (
            <div className="space-y-4">
              <Card>
                <dl className="flex flex-wrap items-center gap-x-8 gap-y-2 px-4 py-3 text-sm">
                  <div>
                    <dt className="text-xs text-slate-500">{t("customers.person.userId")}</dt>
                    <dd className="font-mono font-medium text-slate-900">{person.userId}</dd>
                  </div>
                  <div>
                    <dt className="text-xs text-slate-500">
                      {t("customers.person.phone")}
                      {find.data.phoneMasked && <span className="ml-1 text-slate-500">({t("customers.person.masked")})</span>}
                    </dt>
                    <dd className="flex items-center gap-3">
                      <span className="font-mono">{person.phone ?? "—"}</span>
                      {find.data.phoneMasked && can.reveal && person.phone && <RevealPhone key={person.userId} userId={person.userId} />}
                    </dd>
                  </div>
                  <div className="text-xs text-slate-500">{t("customers.matchedBy", { keys: keys(person.matchedBy) })}</div>
                </dl>
              </Card>
              <div className="grid gap-4 xl:grid-cols-[1fr_22rem]">
                <div className="min-w-0">
                  <CustomerOrders key={person.userId} userId={person.userId} highlight={person.orderNo} can={can} />
                </div>
                <div className="space-y-4">
                  <CustomerNotices userId={person.userId} />
                </div>
              </div>
            </div>
          )}
        </>
      )}
    </>
  );
}
