import "server-only";
import { and, eq, getTableColumns, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alertDeliveries, type AlertDeliveryRow } from "@/db/schema";
import type { AlertChannel, AlertNotificationEvent, DeliveryStatus } from "@/lib/alerts";
import { maskPhone } from "@/server/auth/mask-phone";
import { getEnv } from "@/server/env";
import { keyset, type KeysetPage, type KeysetSort } from "@/server/lib/keyset";
import { hostOf } from "./channels/http";

export interface DeliveryView {
  id: number;
  alertId: number | null;
  notificationId: number | null;
  event: AlertNotificationEvent | "test";
  channel: AlertChannel;
  /** Robot: the webhook's host; SMS: the masked phone; e-mail: the address. */
  target: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  sentAt: Date | null;
  createdAt: Date;
}

function maskedTarget(d: Pick<AlertDeliveryRow, "channel" | "target">): string {
  const env = getEnv();
  if (d.channel === "dingtalk") return hostOf(env.ALERT_DINGTALK_WEBHOOK_URL) || "dingtalk";
  if (d.channel === "wecom") return hostOf(env.ALERT_WECOM_WEBHOOK_URL) || "wecom";
  if (d.channel === "sms") return maskPhone(d.target) ?? "";
  return d.target;
}

export function deliveryView(d: AlertDeliveryRow): DeliveryView {
  return {
    id: d.id, alertId: d.alertId, notificationId: d.notificationId, event: d.event, channel: d.channel, target: maskedTarget(d), status: d.status,
    attempts: d.attempts, lastError: d.lastError, sentAt: d.sentAt, createdAt: d.createdAt,
  };
}

// ids are monotonic: newest first is id desc (alert_deliveries_alert_id_idx serves one alert's log).
const newestFirst: KeysetSort = { name: "alert_deliveries.id", keys: [{ expr: alertDeliveries.id, kind: "bigint" }], direction: "desc" };

export interface ListDeliveriesInput {
  alertId?: number;
  channel?: AlertChannel;
  status?: DeliveryStatus;
  cursor?: string;
  limit?: number;
}

/** The delivery log, newest first, one keyset page. The alert page calls it with { alertId } (`.items`). */
export async function listDeliveries(db: Db, input: ListDeliveriesInput): Promise<KeysetPage<DeliveryView>> {
  const ks = keyset(newestFirst, input.cursor, input.limit);
  const filters: (SQL | undefined)[] = [
    input.alertId !== undefined ? eq(alertDeliveries.alertId, input.alertId) : undefined,
    input.channel ? eq(alertDeliveries.channel, input.channel) : undefined,
    input.status ? eq(alertDeliveries.status, input.status) : undefined,
  ];
  const rows = await db
    .select({ ...getTableColumns(alertDeliveries), ...ks.select })
    .from(alertDeliveries)
    .where(and(...filters, ks.where))
    .orderBy(...ks.orderBy)
    .limit(ks.limit);
  const page = ks.page(rows);
  return { items: page.items.map(deliveryView), nextCursor: page.nextCursor };
}
