"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { LinkedArticles } from "@/components/kb/linked-articles";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { toast } from "@/components/ui/toast";
import { diffLines, type Localized } from "@/lib/scripts";
import { ScriptStatusBadge, VersionStateBadge } from "./script-badges";
import { ScriptEditor } from "./script-editor";

function Words({ title, text }: { title: Localized; text: Localized }) {
  return (
    <div className="grid gap-4 p-4 lg:grid-cols-2">
      {(["zh-CN", "en"] as const).map((l) => (
        <div key={l} lang={l}>
          <p className="text-sm font-medium text-slate-900">{title[l]}</p>
          <p className="mt-1 text-sm whitespace-pre-wrap text-slate-700">{text[l]}</p>
        </div>
      ))}
    </div>
  );
}

function Diff({ before, after }: { before: string; after: string }) {
  return (
    <pre className="mt-1 overflow-x-auto rounded bg-slate-50 p-2 text-xs whitespace-pre-wrap">
      {diffLines(before, after).map((l, i) => (
        <div key={i} className={cx(l.kind === "added" && "bg-emerald-50 text-emerald-800", l.kind === "removed" && "bg-rose-50 text-rose-800 line-through")}>
          {l.kind === "added" ? "+ " : l.kind === "removed" ? "− " : "  "}
          {l.text}
        </div>
      ))}
    </pre>
  );
}

export function ScriptDetailView({ id }: { id: number }) {
  const { t, locale, dateTime } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const q = useQuery(trpc.script.get.queryOptions({ id }));
  const [editing, setEditing] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const done = (text: string) => ({
    onSuccess: async () => {
      toast({ tone: "success", text });
      setRejecting(false);
      await queryClient.invalidateQueries(trpc.script.pathFilter());
    },
    onError: (e: { message: string }) => toast({ tone: "error", text: e.message }),
  });
  const submit = useMutation(trpc.script.submit.mutationOptions(done(t("scripts.detail.submitted"))));
  const approve = useMutation(trpc.script.approve.mutationOptions(done(t("scripts.detail.approved"))));
  const reject = useMutation(trpc.script.reject.mutationOptions(done(t("scripts.detail.rejected"))));

  const back = (
    <Link href="/scripts" className="text-xs text-slate-500 hover:text-slate-800">
      ← {t("scripts.detail.back")}
    </Link>
  );
  if (q.isPending) return <LoadingState />;
  if (q.isError)
    return (
      <div>
        {back}
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      </div>
    );
  const { script, versions, me, canEdit, canPublish } = q.data;
  const published = versions.find((v) => v.id === script.publishedVersionId) ?? null;
  const latest = versions[versions.length - 1]!;
  const proposal = latest.state === "draft" || latest.state === "pending_approval" ? latest : null;
  const ownDraft = proposal?.authorId === me;
  const history = [...versions].reverse();

  return (
    <div>
      {back}
      <PageHeader
        title={
          <span className="flex items-center gap-2">
            {(published ?? latest).title[locale]} <ScriptStatusBadge status={script.status} />
          </span>
        }
        subtitle={`${script.key} · ${t(`scripts.category.${script.category}`)} · ${script.situations.map((s) => t(`scripts.situation.${s}`)).join(", ")}`}
        actions={
          canEdit && !editing ? (
            <Button variant="primary" onClick={() => setEditing(true)}>
              {t("scripts.detail.edit")}
            </Button>
          ) : undefined
        }
      />
      {editing && (
        <ScriptEditor
          initial={{ scriptId: script.id, category: script.category, situations: script.situations, title: latest.title, text: latest.text }}
          onCancel={() => setEditing(false)}
          onSaved={() => setEditing(false)}
        />
      )}
      {proposal && (
        <Card
          className="mb-4 ring-amber-300"
          title={
            <span className="flex items-center gap-2">
              {proposal.state === "draft" ? t("scripts.detail.draftNew", { n: proposal.number }) : t("scripts.detail.draftWaiting", { n: proposal.number })} <VersionStateBadge state={proposal.state} />
            </span>
          }
          actions={
            <div className="flex gap-2">
              {proposal.state === "draft" && canEdit && (
                <Button size="sm" variant="primary" disabled={submit.isPending} onClick={() => submit.mutate({ versionId: proposal.id })}>
                  {t("scripts.detail.submit")}
                </Button>
              )}
              {proposal.state === "pending_approval" && canPublish && !ownDraft && (
                <>
                  <Button size="sm" variant="primary" disabled={approve.isPending} onClick={() => approve.mutate({ versionId: proposal.id })}>
                    {t("scripts.detail.approve")}
                  </Button>
                  <Button size="sm" variant="danger" onClick={() => setRejecting((v) => !v)} aria-expanded={rejecting}>
                    {t("scripts.detail.reject")}
                  </Button>
                </>
              )}
            </div>
          }
        >
          <p className="px-4 pt-3 text-xs text-slate-500">
            {t("scripts.detail.author", { who: proposal.authorLabel })} · {dateTime(proposal.createdAt)}
          </p>
          {proposal.state === "pending_approval" && canPublish && ownDraft && <p className="px-4 pt-1 text-xs text-amber-700">{t("scripts.detail.ownDraft")}</p>}
          {rejecting && (
            <form
              className="flex gap-2 px-4 pt-3"
              onSubmit={(e) => {
                e.preventDefault();
                reject.mutate({ versionId: proposal.id, reason });
              }}
            >
              <input
                required
                minLength={2}
                autoFocus
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                aria-label={t("scripts.detail.rejectReason")}
                placeholder={t("scripts.detail.rejectReason")}
                className="flex-1 rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-slate-300 ring-inset"
              />
              <Button type="submit" size="sm" variant="danger" disabled={reject.isPending}>
                {t("scripts.detail.reject")}
              </Button>
            </form>
          )}
          <Words title={proposal.title} text={proposal.text} />
          {published && (
            <div className="px-4 pb-4">
              <p className="text-xs font-medium text-slate-500">{t("scripts.detail.compare")}</p>
              <Diff before={published.text[locale]} after={proposal.text[locale]} />
            </div>
          )}
        </Card>
      )}
      <Card title={published ? `${t("scripts.detail.published")} · v${published.number}` : t("scripts.detail.noPublished")} className="mb-4">
        {published && <Words title={published.title} text={published.text} />}
      </Card>
      <Card title={t("scripts.detail.history")}>
        <ol className="divide-y divide-slate-100">
          {history.map((v) => {
            const prev = versions.find((x) => x.number === v.number - 1);
            return (
              <li key={v.id} className="px-4 py-3">
                <div className="flex flex-wrap items-center gap-2 text-sm">
                  <span className="font-medium">v{v.number}</span>
                  <VersionStateBadge state={v.state} />
                  <span className="text-slate-600">{v.title[locale]}</span>
                  <span className="text-xs text-slate-500">
                    {t("scripts.detail.author", { who: v.authorLabel })} · {dateTime(v.createdAt)}
                  </span>
                  {v.approvedByLabel && <span className="text-xs text-emerald-700">{t("scripts.detail.approvedBy", { who: v.approvedByLabel })}</span>}
                  {v.rejectedByLabel && <span className="text-xs text-rose-700">{t("scripts.detail.rejectedBy", { who: v.rejectedByLabel, reason: v.rejectReason ?? "" })}</span>}
                  <span className="ml-auto text-xs text-slate-500 tabular-nums">{t("scripts.detail.uses", { n: v.uses })}</span>
                </div>
                {prev && <Diff before={prev.text[locale]} after={v.text[locale]} />}
              </li>
            );
          })}
        </ol>
      </Card>
      <LinkedArticles target={{ kind: "script", id: script.id }} />
    </div>
  );
}
