import "server-only";
import type { Localized, ScriptCategory, ScriptSituation } from "@/lib/scripts";

export interface SeedScript {
  key: string;
  category: ScriptCategory;
  situations: ScriptSituation[];
  title: Localized;
  text: Localized;
}

// The starting library, from the payment-callback playbook (/work/shared/seed): say what happened in plain words,
// give a time, say what happens if that time passes, never blame the user, never use technical terms.
export const SEED_SCRIPTS: SeedScript[] = [
  {
    key: "paid-not-updated-wait",
    category: "paid_not_updated",
    situations: ["processing"],
    title: { "zh-CN": "已付款、订单未更新:请稍候", en: "Paid, order not updated: please bear with us" },
    text: {
      "zh-CN":
        "您好,非常理解您的着急。我们已查到订单{orderNo}的{amount}已通过{provider}付款成功,款项是安全的。目前系统同步支付结果有些延迟,订单状态预计在{eta}自动更新,无需重新付款。如果到时仍未更新,请直接回复我们,我们会为您人工处理。",
      en: "Hello, I completely understand the worry. We can see that the {amount} for order {orderNo} was paid successfully through {provider}, and your money is safe. Our system is taking longer than usual to pick up the payment; the order should update by itself {eta}, so please don't pay again. If it hasn't updated by then, just reply here and we'll sort it out by hand.",
    },
  },
  {
    key: "paid-not-updated-fixed",
    category: "paid_not_updated",
    situations: ["done"],
    title: { "zh-CN": "已付款、订单已补单完成", en: "Paid: the order has now been updated" },
    text: {
      "zh-CN":
        "您好,让您久等了!订单{orderNo}已于{paidAt}支付成功,我们已为您完成订单更新,商品/服务已正常发放,请刷新页面查看。给您带来的不便非常抱歉,如还有任何问题,随时联系我们。",
      en: "Hello, sorry for the wait! Order {orderNo} was paid at {paidAt} and we have now updated it; your goods or service have been released, so please refresh the page. We're sorry for the trouble, and we're here if anything else comes up.",
    },
  },
  {
    key: "charged-twice-refund",
    category: "charged_twice",
    situations: ["charged_twice"],
    title: { "zh-CN": "重复扣款:多扣的钱会原路退回", en: "Charged twice: the extra payment goes back" },
    text: {
      "zh-CN":
        "您好,抱歉让您担心了。我们核实到订单{orderNo}确实被重复扣款,多扣的{amount}会原路退回您的{provider}账户,不需要您做任何操作。到账时间:{eta}。退款发起后我们会再通知您,如超过时间仍未收到,请告诉我们工单号{ticketNo},我们会继续跟进。",
      en: "Hello, sorry for the worry. We've confirmed that order {orderNo} was charged twice. The extra {amount} will go back to your {provider} account the way it came, with nothing for you to do. When it arrives: {eta}. We'll let you know once the refund is on its way; if it hasn't arrived by then, quote ticket {ticketNo} and we'll chase it.",
    },
  },
  {
    key: "charged-twice-checking",
    category: "charged_twice",
    situations: [],
    title: { "zh-CN": "疑似重复扣款:正在核实", en: "Possibly charged twice: we're checking" },
    text: {
      "zh-CN":
        "您好,感谢您及时告诉我们。我们正在和{provider}核对订单{orderNo}的扣款记录,如确认重复扣款,多扣的部分会全额原路退回,您不会有任何损失。核实结果我们会在 1 个工作日内回复您,请留意短信通知。",
      en: "Hello, thank you for telling us straight away. We're checking the payments for order {orderNo} with {provider}. If you were charged twice, the extra amount goes back to you in full, the way it came: you won't lose anything. We'll come back to you with the result within 1 working day; please keep an eye on your text messages.",
    },
  },
  {
    key: "failed-but-deducted",
    category: "failed_but_deducted",
    situations: ["not_paid", "closed"],
    title: { "zh-CN": "显示支付失败但已扣款", en: "Payment shown as failed, but money was taken" },
    text: {
      "zh-CN":
        "您好,别担心,您的钱不会丢。页面显示失败但已扣款,通常是支付结果还在途中:如果款项最终到了我们这边,订单{orderNo}会自动更新为已支付;如果没有到,{provider}会把这笔钱自动退回,一般在 1–3 个工作日内。建议您先不要重复付款,我们会持续帮您盯着这笔订单。",
      en: "Hello, don't worry: your money won't be lost. When a page says \"failed\" but money was taken, the payment result is usually still on its way. If the money reaches us, order {orderNo} updates to paid by itself; if it doesn't, {provider} returns it to you automatically, usually within 1–3 working days. Please don't pay a second time for now; we'll keep an eye on this order for you.",
    },
  },
  {
    key: "failed-but-deducted-refund",
    category: "failed_but_deducted",
    situations: ["refund_pending"],
    title: { "zh-CN": "扣款未成单:已安排退款", en: "Money taken, no order: refund arranged" },
    text: {
      "zh-CN":
        "您好,我们查到您为订单{orderNo}支付的{amount}到账时订单已经关闭,这笔钱我们会全额原路退回{provider},到账时间:{eta}。您如果仍需要购买,可以放心重新下单。给您添麻烦了,非常抱歉。",
      en: "Hello, we found that the {amount} you paid for order {orderNo} arrived after the order had closed. We'll refund it in full to your {provider} account; when it arrives: {eta}. If you still want to buy, it's safe to place a new order. We're sorry for the trouble.",
    },
  },
  {
    key: "refund-not-arrived",
    category: "refund_not_arrived",
    situations: ["refund_pending"],
    title: { "zh-CN": "退款还没到账", en: "Refund not arrived yet" },
    text: {
      "zh-CN":
        "您好,理解您在等这笔钱。订单{orderNo}的退款{amount}已经发起,会原路退回{provider}:{eta}。退到银行卡的,银行入账后才会在账单上显示。如超过这个时间仍未收到,请回复我们,我们会向{provider}查询退款进度并告诉您。",
      en: "Hello, I understand you're waiting for this money. The refund of {amount} for order {orderNo} has been sent back to {provider}: {eta}. If it goes to a bank card, it shows on your statement once the bank posts it. If it still hasn't arrived after that, reply here and we'll ask {provider} where it is and let you know.",
    },
  },
  {
    key: "refund-not-arrived-card",
    category: "refund_not_arrived",
    situations: [],
    title: { "zh-CN": "信用卡/银行卡退款未显示", en: "Card refund not showing yet" },
    text: {
      "zh-CN":
        "您好,退款已经从我们这边退回发卡银行,银行处理通常需要 1–3 个工作日(国际卡 5–10 个工作日),有时会以\"撤销原交易\"的方式出现,原来那笔扣款直接消失。如果超过时间仍看不到,我们可以提供退款凭证,方便您向银行查询。",
      en: "Hello, the refund has left us and is with your card's bank. Banks usually take 1–3 working days (international cards 5–10 business days); sometimes it shows up as the original charge simply disappearing rather than as a new credit. If you still can't see it after that, we can give you the refund reference so your bank can trace it.",
    },
  },
  {
    key: "system-busy-incident",
    category: "system_busy",
    situations: ["processing", "not_paid"],
    title: { "zh-CN": "故障期间:统一说明", en: "During an incident: what we tell everyone" },
    text: {
      "zh-CN":
        "您好,非常抱歉,目前{provider}的支付结果同步出现延迟,部分订单状态更新较慢,技术同事正在全力处理。已经付款的订单不会丢失,恢复后会自动更新,请不要重复付款。最新进展可以在我们的状态页查看。您的订单{orderNo}我们已经记录,恢复后会第一时间为您核实。",
      en: "Hello, we're very sorry: payment results from {provider} are reaching us late right now, so some orders are slow to update, and our engineers are working on it. Paid orders are not lost and will update by themselves once this is fixed, so please don't pay again. You can follow the latest on our status page. We've noted your order {orderNo} and will check it for you as soon as things are back to normal.",
    },
  },
  {
    key: "system-busy-try-later",
    category: "system_busy",
    situations: [],
    title: { "zh-CN": "系统繁忙:建议稍后再试", en: "System busy: please try again a little later" },
    text: {
      "zh-CN":
        "您好,现在支付的人比较多,系统有些繁忙,给您带来不便非常抱歉。如果还没有付款,建议您 15 分钟后再试;如果已经付款,请不要重复支付,订单会自动更新,我们也会帮您留意。",
      en: "Hello, we're very busy at the moment and we're sorry for the inconvenience. If you haven't paid yet, please try again in about 15 minutes; if you have already paid, please don't pay again: the order will update by itself, and we'll keep an eye on it for you.",
    },
  },
  {
    key: "general-ticket-follow-up",
    category: "general",
    situations: [],
    title: { "zh-CN": "已登记工单,会主动回复", en: "Ticket logged, we'll come back to you" },
    text: {
      "zh-CN": "您好,您的问题我们已经登记,工单号{ticketNo}。处理有进展时我们会主动联系您,不需要反复询问。如有补充信息,直接回复这条消息即可。",
      en: "Hello, we've logged your request as ticket {ticketNo}. We'll contact you as soon as there is news, so there's no need to chase us. If you have anything to add, just reply to this message.",
    },
  },
];

/** A second version of one script, waiting for a manager's approval in the demo (the approval queue is not empty). */
export const SEED_PENDING_EDIT: { key: string; title: Localized; text: Localized } = {
  key: "system-busy-try-later",
  title: { "zh-CN": "系统繁忙:建议稍后再试(含状态页)", en: "System busy: try again later (with the status page)" },
  text: {
    "zh-CN":
      "您好,现在支付的人比较多,系统有些繁忙,给您带来不便非常抱歉。如果还没有付款,建议您 15 分钟后再试;如果已经付款,请不要重复支付,订单会自动更新。恢复进度可以随时在我们的状态页查看。",
    en: "Hello, we're very busy at the moment and we're sorry for the inconvenience. If you haven't paid yet, please try again in about 15 minutes; if you have already paid, please don't pay again: the order will update by itself. You can follow our progress on the status page at any time.",
  },
};
