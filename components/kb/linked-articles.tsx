"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { toast } from "@/components/ui/toast";
import type { KbLinkKind } from "@/lib/kb";

/** The knowledge-base articles linked to an incident, a script or a ticket; kb.edit holders link and unlink. */
export function LinkedArticles({ target }: { target: { kind: KbLinkKind; id: number } }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [q, setQ] = useState("");
  const links = useQuery(trpc.kb.links.queryOptions({ target }));
  const hits = useQuery({ ...trpc.kb.search.queryOptions({ q, locale, limit: 8 }), enabled: adding && q.trim().length > 0 });
  const refresh = () => queryClient.invalidateQueries(trpc.kb.links.queryFilter({ target }));
  const link = useMutation(trpc.kb.link.mutationOptions({ onSuccess: refresh, onError: (e) => toast({ tone: "error", text: e.message }) }));
  const unlink = useMutation(trpc.kb.unlink.mutationOptions({ onSuccess: refresh, onError: (e) => toast({ tone: "error", text: e.message }) }));
  const linkedIds = new Set(links.data?.items.map((a) => a.id));

  return (
    <Card
      title={t("kb.links.title")}
      className="mt-4"
      actions={
        links.data?.canEdit ? (
          <Button size="sm" onClick={() => setAdding((v) => !v)} aria-expanded={adding}>
            {t("kb.links.add")}
          </Button>
        ) : undefined
      }
    >
      {links.isPending ? (
        <LoadingState rows={2} />
      ) : links.isError ? (
        <ErrorState error={links.error} onRetry={() => void links.refetch()} />
      ) : (
        <>
          {links.data.items.length === 0 ? (
            <EmptyState title={t("kb.links.empty")} />
          ) : (
            <ul className="divide-y divide-slate-100">
              {links.data.items.map((a) => (
                <li key={a.linkId} className="flex items-center justify-between gap-2 py-2">
                  <span className="flex items-center gap-2">
                    <Link href={`/kb/${a.slug}`} className="text-sm font-medium text-indigo-700 hover:underline">
                      {a.title[locale]}
                    </Link>
                    <Badge tone={a.visibility === "public" ? "green" : "gray"}>{t(`kb.visibility.${a.visibility}`)}</Badge>
                    {a.status === "draft" && <Badge tone="amber">{t("kb.status.draft")}</Badge>}
                  </span>
                  {links.data.canEdit && (
                    <Button size="sm" variant="ghost" disabled={unlink.isPending} onClick={() => unlink.mutate({ articleId: a.id, target })}>
                      {t("kb.links.unlink")}
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          )}
          {adding && (
            <div className="mt-3 border-t border-slate-100 pt-3">
              <input
                type="search"
                autoFocus
                value={q}
                onChange={(e) => setQ(e.target.value)}
                placeholder={t("kb.links.search")}
                aria-label={t("kb.links.search")}
                className="block w-full rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-slate-300 ring-inset"
              />
              {hits.isError && <ErrorState error={hits.error} onRetry={() => void hits.refetch()} />}
              <ul className="mt-2 space-y-1">
                {hits.data?.map((h) => (
                  <li key={h.id} className="flex items-center justify-between gap-2 text-sm">
                    <span>{h.title[locale]}</span>
                    <Button size="sm" disabled={linkedIds.has(h.id) || link.isPending} onClick={() => link.mutate({ articleId: h.id, target })}>
                      {linkedIds.has(h.id) ? t("kb.links.linked") : t("kb.links.link")}
                    </Button>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </>
      )}
    </Card>
  );
}
