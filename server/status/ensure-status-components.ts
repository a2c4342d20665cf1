import "server-only";
import type { Db } from "@/db/client";
import { statusComponents } from "@/db/schema";
import { COMPONENT_PROVIDERS, type ComponentKey, type Localized } from "@/lib/status";

/** The shipped components, in page order. Names are what a paying user calls them, not our provider names. */
export const DEFAULT_COMPONENTS: readonly { key: ComponentKey; name: Localized }[] = [
  { key: "alipay", name: { "zh-CN": "支付宝支付", en: "Alipay" } },
  { key: "wechat", name: { "zh-CN": "微信支付", en: "WeChat Pay" } },
  { key: "card", name: { "zh-CN": "银行卡支付", en: "Card payments" } },
  { key: "orders", name: { "zh-CN": "订单状态更新", en: "Order updates" } },
  { key: "refunds", name: { "zh-CN": "退款", en: "Refunds" } },
];

const ensured = new WeakSet<Db>();

/**
 * Inserts the shipped components that are missing; an existing one (perhaps renamed by ops) is left alone.
 * Idempotent, and done once per process and database: the snapshot loader and the publishers call it.
 */
export async function ensureStatusComponents(db: Db): Promise<void> {
  if (ensured.has(db)) return;
  await db
    .insert(statusComponents)
    .values(DEFAULT_COMPONENTS.map((c, i) => ({ key: c.key, name: c.name, providers: [...COMPONENT_PROVIDERS[c.key]], position: i + 1 })))
    .onConflictDoNothing({ target: statusComponents.key });
  ensured.add(db);
}
