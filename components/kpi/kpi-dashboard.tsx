"use client";

import { useRouter } from "next/navigation";
import { useMemo, useRef, useState, useTransition, type FormEvent } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { toast } from "@/components/ui/toast";
import { PROVIDERS, type Provider } from "@/lib/enums";
import { withListRange } from "@/lib/list-range";
import { KPI_MAX_HOURLY_RANGE_DAYS, KPI_MAX_RANGE_DAYS, type KpiBucket } from "@/lib/kpi";
import { IncidentsSection } from "./incidents-section";
import { bucketHref, PROVIDER_FILTERED, withProvider } from "./drill-range";
import { KpiContext, type DrillAccess, type KpiContextValue } from "./kpi-context";
import { daysBetween, hourlyAllowed, KPI_RANGES, kpiInput, kpiSearch, presetSearch, type KpiParams, type KpiRange } from "./kpi-params";
import { PaymentsSection } from "./payments-section";
import { ReconSection } from "./recon-section";
import { ServiceSection } from "./service-section";

const segment = "px-2.5 py-1 text-xs font-medium first:rounded-l-md last:rounded-r-md ring-1 ring-inset ring-slate-300 -ml-px first:ml-0 focus-visible:z-10 focus-visible:outline-2 focus-visible:outline-indigo-600";
const on = "bg-indigo-600 text-white ring-indigo-600 z-10";
const off = "bg-white text-slate-700 hover:bg-slate-50 disabled:cursor-not-allowed disabled:text-slate-300";

/**
 * /kpi: the manager's dashboard. The state lives in the URL (range, provider, bucket, comparison), so a link
 * shows a colleague the same picture; changing a control replaces the URL and the server page prefetches the
 * four sections for the new state.
 */
export function KpiDashboard({ params, access }: { params: KpiParams; access: DrillAccess }) {
  const { t, timeZone, zoneLabel } = useI18n();
  const router = useRouter();
  const [navigating, startTransition] = useTransition();
  const [exporting, setExporting] = useState(false);
  const [customOpen, setCustomOpen] = useState(params.range === "custom");
  const [draft, setDraft] = useState({ from: params.fromDay, to: params.toDay });
  const pageRef = useRef<HTMLDivElement>(null);

  const ctx = useMemo<KpiContextValue>(() => {
    const input = kpiInput(params, timeZone);
    // Every list that filters by provider opens filtered to the dashboard's provider (PROVIDER_FILTERED).
    const link = (target: keyof DrillAccess, href: string) =>
      !access[target] ? undefined : (PROVIDER_FILTERED as readonly string[]).includes(target) ? withProvider(href, params.provider) : href;
    return {
      params,
      input,
      fileStem: `kpi-${params.fromDay}_${params.toDay}${params.provider ? `-${params.provider}` : ""}`,
      singleDay: params.fromDay === params.toDay,
      link,
      inRange: (target, href) => link(target, withListRange(href, input)),
      inBucket: (target, href, start, bucket = params.bucket) => link(target, bucketHref(href, start, bucket, timeZone, input)),
    };
  }, [params, timeZone, access]);

  const go = (next: Partial<KpiParams>) => {
    const merged = { ...params, ...next };
    // A range too long for hourly buckets falls back to days rather than being refused by the server.
    if (merged.bucket === "hour" && !hourlyAllowed(merged)) merged.bucket = "day";
    startTransition(() => router.replace(`/kpi${kpiSearch(merged)}`, { scroll: false }));
  };
  const pickRange = (range: KpiRange) => {
    if (range === "custom") {
      setCustomOpen(true);
      return;
    }
    setCustomOpen(false);
    // Preset ranges end today (the server's today: kpiParams computes the days); the bucket goes back to its default.
    startTransition(() => router.replace(`/kpi${presetSearch(range, params)}`, { scroll: false }));
  };
  const span = daysBetween(draft.from, draft.to) + 1;
  const draftValid = /^\d{4}-\d{2}-\d{2}$/.test(draft.from) && /^\d{4}-\d{2}-\d{2}$/.test(draft.to) && span >= 1 && span <= KPI_MAX_RANGE_DAYS;
  const applyCustom = (e: FormEvent) => {
    e.preventDefault();
    if (!draftValid) return;
    go({ range: "custom", fromDay: draft.from, toDay: draft.to, bucket: span <= 2 ? "hour" : "day" });
  };

  const exportImage = async () => {
    if (!pageRef.current) return;
    setExporting(true);
    try {
      // Loaded on demand: the library is only needed by the few who export.
      const { toPng } = await import("html-to-image");
      const url = await toPng(pageRef.current, {
        pixelRatio: 2,
        backgroundColor: "#f8fafc",
        filter: (node) => !(node instanceof HTMLElement && node.dataset.exportHide !== undefined),
      });
      const a = document.createElement("a");
      a.href = url;
      a.download = `${ctx.fileStem}.png`;
      document.body.appendChild(a);
      a.click();
      a.remove();
    } catch {
      toast({ tone: "error", text: t("kpi.actions.exportFailed") });
    } finally {
      setExporting(false);
    }
  };

  const hourOk = hourlyAllowed(params);
  return (
    <KpiContext.Provider value={ctx}>
      <div ref={pageRef} data-testid="kpi-page" className="space-y-6 bg-slate-50 print:bg-white" aria-busy={navigating}>
        <PageHeader
          title={t("kpi.title")}
          subtitle={t(params.compare ? "kpi.subtitle" : "kpi.subtitleNoCompare", { from: params.fromDay, to: params.toDay, zone: zoneLabel })}
          actions={
            <div className="flex gap-2 print:hidden" data-export-hide>
              <Button size="sm" onClick={() => void exportImage()} disabled={exporting}>
                {exporting ? t("kpi.actions.exporting") : t("kpi.actions.exportImage")}
              </Button>
              <Button size="sm" onClick={() => window.print()}>
                {t("kpi.actions.print")}
              </Button>
            </div>
          }
        />
        <div role="group" aria-label={t("kpi.controls.label")} className={cx("flex flex-wrap items-center gap-x-5 gap-y-2 rounded-lg bg-white px-4 py-2.5 shadow-xs ring-1 ring-slate-200 print:hidden", navigating && "opacity-70")} data-export-hide>
          <div role="group" aria-label={t("kpi.controls.range")} className="flex">
            {KPI_RANGES.map((r) => (
              <button key={r} type="button" aria-pressed={(r === "custom" ? customOpen || params.range === "custom" : params.range === r && !customOpen)} onClick={() => pickRange(r)} className={cx(segment, (r === "custom" ? customOpen || params.range === "custom" : params.range === r && !customOpen) ? on : off)}>
                {t(`kpi.controls.ranges.${r}`)}
              </button>
            ))}
          </div>
          {customOpen && (
            <form onSubmit={applyCustom} className="flex flex-wrap items-center gap-2 text-xs">
              <label className="flex items-center gap-1 text-slate-600">
                {t("kpi.controls.from")}
                <input type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} className="rounded-md border-0 px-2 py-1 text-xs ring-1 ring-slate-300 ring-inset" />
              </label>
              <label className="flex items-center gap-1 text-slate-600">
                {t("kpi.controls.to")}
                <input type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} className="rounded-md border-0 px-2 py-1 text-xs ring-1 ring-slate-300 ring-inset" />
              </label>
              <Button size="sm" variant="primary" type="submit" disabled={!draftValid}>
                {t("kpi.controls.apply")}
              </Button>
              {!draftValid && <span className="text-rose-700">{t("kpi.controls.invalidRange", { max: KPI_MAX_RANGE_DAYS })}</span>}
            </form>
          )}
          <label className="flex items-center gap-2 text-xs text-slate-600">
            {t("kpi.controls.provider")}
            <select value={params.provider ?? ""} onChange={(e) => go({ provider: (e.target.value || null) as Provider | null })} className="rounded-md border-0 py-1 pr-7 pl-2 text-xs text-slate-900 ring-1 ring-slate-300 ring-inset">
              <option value="">{t("kpi.controls.allProviders")}</option>
              {PROVIDERS.map((p) => (
                <option key={p} value={p}>
                  {t(`provider.${p}`)}
                </option>
              ))}
            </select>
          </label>
          <div role="group" aria-label={t("kpi.controls.bucket")} className="flex items-center gap-2 text-xs text-slate-600">
            <span aria-hidden>{t("kpi.controls.bucket")}</span>
            <div className="flex">
              {(["hour", "day"] as const satisfies readonly KpiBucket[]).map((b) => (
                <button
                  key={b}
                  type="button"
                  aria-pressed={params.bucket === b}
                  disabled={b === "hour" && !hourOk}
                  title={b === "hour" && !hourOk ? t("kpi.controls.hourDisabled", { max: KPI_MAX_HOURLY_RANGE_DAYS }) : undefined}
                  onClick={() => go({ bucket: b })}
                  className={cx(segment, params.bucket === b ? on : off)}
                >
                  {t(`kpi.controls.buckets.${b}`)}
                </button>
              ))}
            </div>
          </div>
          <label className="flex items-center gap-2 text-xs text-slate-700">
            <input type="checkbox" checked={params.compare} onChange={(e) => go({ compare: e.target.checked })} className="h-4 w-4 rounded border-slate-300 text-indigo-600" />
            {t("kpi.controls.compare")}
          </label>
          <span className="ml-auto hidden text-[11px] text-slate-500 xl:inline">{t("kpi.actions.clickHint")}</span>
        </div>
        <PaymentsSection />
        <ServiceSection />
        <ReconSection />
        <IncidentsSection />
      </div>
    </KpiContext.Provider>
  );
}
