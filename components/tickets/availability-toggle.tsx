"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { toast } from "@/components/ui/toast";
import { cx } from "@/components/ui/cx";

/**
 * The signed-in agent's "taking tickets" switch (api.md): available agents get new tickets automatically
 * (least loaded first); away agents keep what they hold. Renders nothing for people who do not work tickets.
 */
export function AvailabilityToggle() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const q = useQuery({ ...trpc.ticket.myAvailability.queryOptions({}), retry: false });
  const set = useMutation(
    trpc.ticket.setAvailability.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.ticket.pathFilter());
      },
      onError: (e) => toast({ tone: "error", text: t("tickets.detail.failed", { message: e.message }) }),
    }),
  );
  if (q.isError) return null;
  const available = q.data?.availability === "available";
  const busy = q.isPending || set.isPending;
  return (
    <div className="flex items-center gap-2 text-sm" title={t("tickets.availability.hint")}>
      <button
        type="button"
        role="switch"
        aria-checked={available}
        aria-label={t("tickets.availability.label")}
        disabled={busy}
        onClick={() => set.mutate({ availability: available ? "away" : "available" })}
        className={cx(
          "relative inline-flex h-5 w-9 shrink-0 rounded-full transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-60",
          available ? "bg-emerald-500" : "bg-slate-300",
        )}
      >
        <span aria-hidden className={cx("absolute top-0.5 h-4 w-4 rounded-full bg-white shadow transition-transform", available ? "translate-x-4" : "translate-x-0.5")} />
      </button>
      <span className={available ? "text-emerald-700" : "text-slate-600"}>{t(available ? "tickets.availability.available" : "tickets.availability.away")}</span>
      {q.data && (
        <span className="text-xs text-slate-500 tabular-nums">
          {q.data.openTickets}/{q.data.capacity}
        </span>
      )}
    </div>
  );
}
