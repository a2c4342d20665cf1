import "server-only";
import type { ComponentState, Localized, NoticeKind, NoticeSeverity, NoticeStatus, StatusTemplateKey } from "@/lib/status";

export interface StatusTemplate {
  key: StatusTemplateKey;
  kind: NoticeKind;
  severity: NoticeSeverity;
  /** The initial status (for the closing templates, "recovery" and "maintenance_done": the status of the update they are posted as). */
  status: NoticeStatus;
  title: Localized;
  body: Localized;
  /** Suggested components; the editor narrows them to the affected provider. */
  components: { key: string; state: ComponentState }[];
}

// Plain words for people waiting on a payment (the playbook: say it early, say what to expect, no jargon).
// {provider} and {eta} are filled in by the editor; the server stores the final text.
const TEMPLATES: readonly StatusTemplate[] = [
  {
    key: "busy",
    kind: "incident",
    severity: "warning",
    status: "investigating",
    title: { "zh-CN": "系统繁忙 / 支付可能延迟", en: "High load: payments may be delayed" },
    body: {
      "zh-CN": "{provider}支付目前较为繁忙，付款后订单状态可能需要几分钟才会更新。您的钱是安全的，请不要重复付款；我们正在处理，预计{eta}内恢复。",
      en: "{provider} payments are busy right now, so an order may take a few minutes to update after you pay. Your money is safe — please don't pay again. We're on it and expect things back to normal within {eta}.",
    },
    components: [{ key: "orders", state: "degraded_performance" }],
  },
  {
    key: "maintenance",
    kind: "maintenance",
    severity: "info",
    status: "scheduled",
    title: { "zh-CN": "系统升级通知", en: "Scheduled maintenance" },
    body: {
      "zh-CN": "为了给您更好的服务，我们将在{eta}进行系统升级。升级期间{provider}支付可能短暂不可用，请稍后再试，已完成的订单不受影响。",
      en: "To serve you better, we will upgrade our systems at {eta}. During the upgrade {provider} payments may be briefly unavailable — please try again a little later. Orders you have already paid are not affected.",
    },
    components: [{ key: "orders", state: "under_maintenance" }],
  },
  {
    key: "recovery",
    kind: "incident",
    severity: "info",
    status: "resolved",
    title: { "zh-CN": "支付已恢复正常", en: "Payments are back to normal" },
    body: {
      "zh-CN": "已恢复：{provider}支付现已恢复正常，之前延迟的订单会自动更新。如果您被重复扣款，款项将原路退回，无需另行申请。感谢您的耐心等待。",
      en: "Recovered: {provider} payments are working normally again and delayed orders will update by themselves. If you were charged twice, the extra payment will be refunded to you automatically. Thank you for your patience.",
    },
    components: [{ key: "orders", state: "operational" }],
  },
  {
    key: "maintenance_done",
    kind: "maintenance",
    severity: "info",
    status: "completed",
    title: { "zh-CN": "系统升级已完成", en: "Maintenance completed" },
    body: {
      "zh-CN": "系统升级已完成，{provider}支付已恢复正常，现在可以正常下单和付款。感谢您的理解与支持。",
      en: "Our maintenance is complete and {provider} payments are working normally again — you can order and pay as usual. Thank you for your understanding.",
    },
    components: [{ key: "orders", state: "operational" }],
  },
];

/** status.templates: the starting texts ops edit before publishing. */
export function listStatusTemplates(): StatusTemplate[] {
  return TEMPLATES.map((t) => structuredClone(t) as StatusTemplate);
}

export function statusTemplate(key: StatusTemplateKey): StatusTemplate {
  return structuredClone(TEMPLATES.find((t) => t.key === key)!) as StatusTemplate;
}

/** Fills {provider} and {eta} in both languages. */
export function fillTemplate(text: Localized, vars: { provider: Localized; eta: Localized }): Localized {
  const fill = (s: string, l: keyof Localized) => s.replaceAll("{provider}", vars.provider[l]).replaceAll("{eta}", vars.eta[l]);
  return { "zh-CN": fill(text["zh-CN"], "zh-CN"), en: fill(text.en, "en") };
}
