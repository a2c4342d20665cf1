"use client";

import { useI18n } from "@/components/i18n/i18n-provider";
import { Button } from "@/components/ui/button";
import type { KeysetPaging } from "./use-keyset-paging";

/**
 * The footer of a keyset-paged table: what a keyset allows — the first page, back along the pages walked,
 * and the next page when the server said there is one. No page count: that would cost a count(*).
 */
export function KeysetPager({ paging, nextCursor }: { paging: KeysetPaging; nextCursor: string | null | undefined }) {
  const { t } = useI18n();
  if (paging.page === 1 && !nextCursor) return null;
  return (
    <nav aria-label={t("table.pager")} className="flex items-center justify-end gap-2 border-t border-slate-100 p-3">
      <span className="mr-auto text-xs text-slate-500 tabular-nums" aria-live="polite">
        {t("table.page", { page: paging.page })}
      </span>
      {paging.page > 2 && (
        <Button size="sm" onClick={paging.first}>
          {t("table.first")}
        </Button>
      )}
      {paging.page > 1 && (
        <Button size="sm" onClick={paging.previous}>
          {t("table.previous")}
        </Button>
      )}
      {nextCursor && (
        <Button size="sm" onClick={() => paging.next(nextCursor)}>
          {t("table.next")}
        </Button>
      )}
    </nav>
  );
}
