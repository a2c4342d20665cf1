import type { Localized } from "./status";

export type { Localized };

/** What agents are told about an incident: four Markdown-light texts (paragraphs, "- " bullets) and the scripts to use. */
export interface BriefContent {
  happening: Localized;
  affected: Localized;
  tellUsers: Localized;
  agentsMay: Localized;
  /** Reply-script ids (script.list) agents should use for this incident, in the order shown. */
  scriptIds: number[];
}

export const BRIEF_FIELDS = ["happening", "affected", "tellUsers", "agentsMay"] as const;
export type BriefField = (typeof BRIEF_FIELDS)[number];

/** Longest text of one field in one language: a brief is read in a minute, not a document. */
export const BRIEF_TEXT_MAX = 2000;

const PROVIDER_NAMES: Record<string, Localized> = {
  alipay: { "zh-CN": "支付宝", en: "Alipay" },
  wechatpay: { "zh-CN": "微信支付", en: "WeChat Pay" },
  stripe: { "zh-CN": "Stripe", en: "Stripe" },
  sandbox: { "zh-CN": "沙箱支付渠道", en: "the sandbox channel" },
  "*": { "zh-CN": "所有支付渠道", en: "all payment channels" },
};

/**
 * The default brief of an incident nobody has briefed yet (the early-warning job opens incidents at any hour):
 * the playbook's first-hour advice, so the desk always briefs. A supervisor edits it into the specifics.
 */
export function defaultBrief(provider: string): BriefContent {
  const p = PROVIDER_NAMES[provider] ?? { "zh-CN": provider, en: provider };
  return {
    happening: {
      "zh-CN": `${p["zh-CN"]}的支付结果通知出现延迟或失败。用户的钱可能已经扣款成功,但我们这边的订单状态还没有更新。技术同事正在处理,进展会更新在这里。`,
      en: `Payment notifications from ${p.en} are delayed or failing. Users may have been charged while their order here still shows unpaid. Engineering is on it; updates will appear here.`,
    },
    affected: {
      "zh-CN": `- 事件开始后通过${p["zh-CN"]}支付的用户\n- 典型表现:“钱扣了,订单还显示未支付”\n- 其他支付渠道不受影响`,
      en: `- Users who paid through ${p.en} since the incident began\n- Typical contact: "I was charged but my order still says unpaid"\n- Other payment channels are not affected`,
    },
    tellUsers: {
      "zh-CN": `- 先安抚:“您的付款是安全的,不会丢失,也不会重复扣款。”\n- 说明正在处理,请不要重复支付\n- 到账后会自动更新订单并短信通知;超时未恢复,我们会为其补单或全额退款`,
      en: `- Reassure first: "Your payment is safe; it will not be lost or taken twice."\n- Explain we are on it and ask them not to pay again\n- The order updates automatically once confirmed and we send an SMS; if it does not recover in time we complete the order by hand or refund in full`,
    },
    agentsMay: {
      "zh-CN": `- 对用户的订单点“立即查询”,向支付渠道确认实际状态\n- 已支付的订单:查询后即更新,可重新发货\n- 额度内可直接退款;超出额度提交审批\n- 不确定时转二线,不要承诺具体恢复时间`,
      en: `- Run "Query now" on the user's order to ask the provider for its real status\n- Paid orders update on the spot; resend fulfilment if needed\n- Refund within your limit; above it, submit for approval\n- When unsure, hand over to L2; never promise an exact recovery time`,
    },
    scriptIds: [],
  };
}
