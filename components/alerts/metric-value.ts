import type { AlertMetric } from "@/lib/alerts";

/** What the I18n facade gives a formatter (components/i18n/i18n-provider.tsx). */
interface Fmt {
  t: (key: "alerts.value.seconds", vars: { n: string }) => string;
  money: (minor: number, currency: string) => string;
  number: (n: number, options?: Intl.NumberFormatOptions) => string;
}

/**
 * A metric's value as people read it: rates as percentages, delays in seconds, amounts as money (the rollups
 * keep CNY minor units), counts as numbers. Rates are stored as fractions (0.93), delays in milliseconds.
 */
export function formatMetricValue(metric: AlertMetric, value: number | null | undefined, fmt: Fmt): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  switch (metric) {
    case "success_rate":
    case "callback_failure_rate":
      return fmt.number(value, { style: "percent", maximumFractionDigits: 1 });
    case "callback_delay_p95":
      return fmt.t("alerts.value.seconds", { n: fmt.number(value / 1000, { maximumFractionDigits: 1 }) });
    case "order_amount":
      return fmt.money(Math.round(value), "CNY");
    case "order_volume":
    case "complaints":
      return fmt.number(value, { maximumFractionDigits: 1 });
  }
}
