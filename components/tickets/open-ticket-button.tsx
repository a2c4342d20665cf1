"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";

/**
 * "Open ticket" on a discrepancy (to finance), an alert or an incident (to ops): one ticket per thing, a second
 * click links the first. The subject is written in the agent's language.
 */
export function OpenTicketButton({ kind, id, what }: { kind: "discrepancy" | "alert" | "incident"; id: number; what: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [opened, setOpened] = useState<{ id: number; number: string } | null>(null);
  const open = useMutation(
    trpc.ticket.openFrom.mutationOptions({
      onSuccess: (r) => {
        setOpened(r);
        toast({ tone: "success", text: t("tickets.openFrom.opened", { number: r.number }) });
      },
      onError: (e) => toast({ tone: "error", text: t("tickets.detail.failed", { message: e.message }) }),
    }),
  );
  if (opened)
    return (
      <Link href={`/tickets/${opened.id}`} className="text-xs text-indigo-700 hover:underline">
        {t("tickets.openFrom.open", { number: opened.number })}
      </Link>
    );
  const subject =
    kind === "discrepancy" ? t("tickets.openFrom.discrepancySubject", { orderNo: what }) : kind === "alert" ? t("tickets.openFrom.alertSubject", { title: what }) : t("tickets.openFrom.incidentSubject", { title: what });
  return (
    <Button size="sm" variant="secondary" disabled={open.isPending} onClick={() => open.mutate({ kind, id, subject })}>
      {t("tickets.openFrom.button")}
    </Button>
  );
}
