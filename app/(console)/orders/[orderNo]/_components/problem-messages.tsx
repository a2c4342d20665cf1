"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { CallbackEntry } from "./timeline";

/**
 * Messages naming the order that failed verification: anyone can post those, so the page shows their
 * count and loads them only when asked, 20 previews a page.
 */
export function ProblemMessages({ orderNo, count, capped, canReveal }: { orderNo: string; count: number; capped: boolean; canReveal: boolean }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  if (count === 0) return null;
  return (
    <section aria-label="problem messages" className="border-t border-slate-100 px-4 py-3">
      <div className="flex flex-wrap items-center gap-3">
        <p className="text-sm font-medium text-rose-800">{t(capped ? "order.problemMessagesCapped" : "order.problemMessages", { count })}</p>
        <Button size="sm" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {open ? t("order.hideProblemMessages") : t("order.showProblemMessages")}
        </Button>
      </div>
      {open && <ProblemPages orderNo={orderNo} canReveal={canReveal} />}
    </section>
  );
}

function ProblemPages({ orderNo, canReveal }: { orderNo: string; canReveal: boolean }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const pages = useInfiniteQuery(
    trpc.order.problemMessages.infiniteQueryOptions({ orderNo }, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
  );
  if (pages.isPending) return <LoadingState rows={3} />;
  if (pages.isError) return <ErrorState error={pages.error} onRetry={() => pages.refetch()} />;
  return (
    <div className="mt-2">
      <p className="mb-2 text-xs text-slate-500">{t("order.problemMessagesHint")}</p>
      <ol className="space-y-3">
        {pages.data.pages.flatMap((p) => p.items).map((c) => (
          <li key={c.id} className="rounded-md bg-rose-50/40 px-3 py-2 ring-1 ring-rose-100">
            <CallbackEntry c={c} canReveal={canReveal} />
          </li>
        ))}
      </ol>
      {pages.hasNextPage && (
        <Button size="sm" className="mt-2" disabled={pages.isFetchingNextPage} onClick={() => pages.fetchNextPage()}>
          {t("order.olderProblemMessages")}
        </Button>
      )}
    </div>
  );
}
