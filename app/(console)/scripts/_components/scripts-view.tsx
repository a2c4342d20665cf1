"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useDeferredValue, useState } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { ScriptPicker } from "@/components/scripts/script-picker";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { Table, Td, Th } from "@/components/ui/table";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { SCRIPT_CATEGORIES, type ScriptCategory } from "@/lib/scripts";
import { ScriptStatusBadge } from "./script-badges";
import { ScriptEditor } from "./script-editor";

type Tab = "library" | "approvals";

export function ScriptsView({ canEdit, canPublish, prefill }: { canEdit: boolean; canPublish: boolean; prefill?: { category: ScriptCategory; title: { "zh-CN": string; en: string } } }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const [tab, setTab] = useState<Tab>("library");
  const [category, setCategory] = useState<ScriptCategory | "">("");
  const [q, setQ] = useState("");
  const [creating, setCreating] = useState(Boolean(prefill));
  const [orderNo, setOrderNo] = useState("");
  const deferredOrderNo = useDeferredValue(orderNo);
  const deferredQ = useDeferredValue(q.trim());
  const input = { status: tab === "approvals" ? ("pending_approval" as const) : ("all" as const), ...(category ? { category } : {}), ...(deferredQ ? { q: deferredQ } : {}) };
  const list = useQuery({ ...trpc.script.list.queryOptions(input), placeholderData: keepPreviousData });

  return (
    <div>
      <PageHeader
        title={t("scripts.title")}
        subtitle={t("scripts.subtitle")}
        actions={
          canEdit && !creating ? (
            <Button variant="primary" onClick={() => setCreating(true)}>
              {t("scripts.list.new")}
            </Button>
          ) : undefined
        }
      />
      {creating && (
        <ScriptEditor
          initial={prefill && { category: prefill.category, situations: [], title: prefill.title, text: { "zh-CN": "", en: "" } }}
          onCancel={() => setCreating(false)}
          onSaved={(r) => router.push(`/scripts/${r.scriptId}`)}
        />
      )}
      <Tabs value={tab} onValueChange={(v) => setTab(v as Tab)}>
        <TabsList aria-label={t("scripts.title")}>
          <TabsTrigger value="library">{t("scripts.tabs.library")}</TabsTrigger>
          {(canEdit || canPublish) && <TabsTrigger value="approvals">{t("scripts.tabs.approvals")}</TabsTrigger>}
        </TabsList>
        <TabsContent value={tab}>
          <div className="my-3 flex flex-wrap gap-2">
            <select
              aria-label={t("scripts.list.col.category")}
              value={category}
              onChange={(e) => setCategory(e.target.value as ScriptCategory | "")}
              className="rounded-md border-0 py-1.5 pr-8 pl-2 text-sm ring-1 ring-slate-300 ring-inset"
            >
              <option value="">{t("scripts.category.all")}</option>
              {SCRIPT_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(`scripts.category.${c}`)}
                </option>
              ))}
            </select>
            <input
              type="search"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              placeholder={t("scripts.list.search")}
              aria-label={t("scripts.list.search")}
              className="w-72 rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-slate-300 ring-inset"
            />
          </div>
          <div className="grid gap-4 xl:grid-cols-3">
          <Card className="xl:col-span-2">
            {list.isPending ? (
              <LoadingState />
            ) : list.isError ? (
              <ErrorState error={list.error} onRetry={() => void list.refetch()} />
            ) : list.data.length === 0 ? (
              <EmptyState title={tab === "approvals" ? t("scripts.list.approvalsEmpty") : t("scripts.list.empty")} />
            ) : (
              <Table label={t("scripts.title")}>
                <thead>
                  <tr>
                    <Th>{t("scripts.list.col.title")}</Th>
                    <Th>{t("scripts.list.col.category")}</Th>
                    <Th>{t("scripts.list.col.status")}</Th>
                    <Th>{t("scripts.list.col.version")}</Th>
                    <Th className="text-right">{t("scripts.list.col.uses")}</Th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.map((s) => (
                    <tr key={s.id}>
                      <Td>
                        <Link href={`/scripts/${s.id}`} className="font-medium text-indigo-700 hover:underline">
                          {s.title[locale]}
                        </Link>
                        {s.pendingVersionId !== null && (
                          <Badge tone="amber" className="ml-2">
                            {t("scripts.list.pending")}
                          </Badge>
                        )}
                      </Td>
                      <Td>{t(`scripts.category.${s.category}`)}</Td>
                      <Td>
                        <ScriptStatusBadge status={s.status} />
                      </Td>
                      <Td className="tabular-nums">v{s.version}</Td>
                      <Td className="text-right tabular-nums">{s.uses}</Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
          </Card>
          <div className="space-y-2">
            <label className="block text-sm">
              {t("scripts.list.tryOrder")}
              <input
                value={orderNo}
                onChange={(e) => setOrderNo(e.target.value.trim())}
                placeholder={t("scripts.editor.previewOrderPlaceholder")}
                className="mt-1 block w-full rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-slate-300 ring-inset"
              />
            </label>
            <ScriptPicker orderNo={deferredOrderNo || undefined} />
          </div>
          </div>
        </TabsContent>
      </Tabs>
    </div>
  );
}
