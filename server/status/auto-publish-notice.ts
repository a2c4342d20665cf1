import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { incidents, statusNotices } from "@/db/schema";
import { componentsForProvider, type Localized } from "@/lib/status";
import { systemActor } from "@/server/audit/write-audit";
import { insertNotice } from "./publish-notice";
import { readAutoPublish } from "./set-auto-publish";
import { fillTemplate, statusTemplate } from "./status-templates";

const AUTO_PUBLISHER = systemActor("status-auto-publish");

/** How a paying user names the provider (the sandbox and the overall scope: no name, "some payments"). */
const PROVIDER_NAMES: Record<string, Localized> = {
  alipay: { "zh-CN": "支付宝", en: "Alipay" },
  wechatpay: { "zh-CN": "微信", en: "WeChat Pay" },
  stripe: { "zh-CN": "银行卡", en: "Card" },
};
const SOME: Localized = { "zh-CN": "部分", en: "Some" };
/** The automatic notice cannot know; ops refine it in the first update. */
const ETA: Localized = { "zh-CN": "30分钟", en: "30 minutes" };

/**
 * When the auto-publish setting is on and a critical alert has just opened an incident automatically, the
 * "busy" notice goes up for the provider's components, marked automatic, in the caller's transaction (the
 * evaluator's: the notice commits with the incident). One automatic notice per incident, whatever races:
 * a unique index is the key. Ops post the updates and the recovery; nothing here resolves it.
 * Returns the notice id, or null (setting off, not an automatic incident, or already announced).
 */
export async function autoPublishNotice(tx: Db, incidentId: number, opts: { now?: Date } = {}): Promise<number | null> {
  if (!(await readAutoPublish(tx))) return null;
  const [incident] = await tx.select().from(incidents).where(eq(incidents.id, incidentId));
  if (!incident || incident.status !== "open" || incident.severity !== "critical" || !incident.openedBy.startsWith("system:")) return null;
  // Ops got there first (a notice of theirs is up for it): theirs speaks for the incident.
  const [announced] = await tx.select({ id: statusNotices.id }).from(statusNotices).where(and(eq(statusNotices.incidentId, incidentId), isNull(statusNotices.resolvedAt))).limit(1);
  if (announced) return null;
  const busy = statusTemplate("busy");
  const provider = PROVIDER_NAMES[incident.provider] ?? SOME;
  const state = busy.components[0]!.state;
  return insertNotice(
    tx,
    {
      incidentId,
      kind: busy.kind,
      severity: busy.severity,
      status: busy.status,
      title: busy.title,
      body: fillTemplate(busy.body, { provider, eta: ETA }),
      components: componentsForProvider(incident.provider).map((key) => ({ key, state })),
      templateKey: busy.key,
    },
    AUTO_PUBLISHER,
    { automatic: true, now: opts.now },
  );
}
