import "server-only";
import type { KbCategory, KbVisibility } from "@/lib/kb";
import type { Localized } from "@/lib/scripts";

export interface SeedArticle {
  slug: string;
  category: KbCategory;
  tags: string[];
  visibility: KbVisibility;
  title: Localized;
  body: Localized;
  /** Script keys this article is linked to. */
  scripts: string[];
}

// Starting FAQs (public, for users) and SOPs (internal, for agents). Refund arrival times from
// /work/shared/reference/refunds.md §5; handling steps from the payment-callback playbook (/work/shared/seed).
export const SEED_ARTICLES: SeedArticle[] = [
  {
    slug: "refund-timelines",
    category: "refund_timelines",
    tags: ["refund", "退款", "alipay", "wechatpay", "stripe"],
    visibility: "public",
    title: { "zh-CN": "退款多久到账?各支付方式的退款到账时间", en: "How long does a refund take? Refund times by payment method" },
    body: {
      "zh-CN": `退款成功后,钱会**原路退回**您付款时用的账户。不同支付方式的到账时间不同:

| 支付方式 | 退回到 | 一般到账时间 |
| --- | --- | --- |
| 支付宝 | 余额 | 退款成功后即时到账 |
| 支付宝 | 银行卡(储蓄卡/信用卡) | 以银行处理为准,通常 1–3 个工作日;退卡失败时会退回支付宝余额 |
| 支付宝 | 花呗 | 退回花呗,恢复额度或抵扣账单 |
| 微信支付 | 零钱 | 通常 5 分钟内 |
| 微信支付 | 银行卡 | 1–3 个工作日 |
| 银行卡(Stripe 等国际卡) | 原卡 | 5–10 个工作日在账单上显示,有时表现为原扣款直接消失 |

**还没收到怎么办?**

1. 先确认退款已经发起(我们会通过短信通知您)。
2. 按上表等待对应的时间;遇到周末和节假日,银行处理会顺延。
3. 超过时间仍未到账,请在[自助查询](/lookup)中提交工单并附上订单号,我们会向支付机构查询退款进度。`,
      en: `Once a refund succeeds, the money goes **back the way it came**, to the account you paid with. How long that takes depends on how you paid:

| Paid with | Goes back to | Usually arrives |
| --- | --- | --- |
| Alipay | Alipay balance | at once after the refund succeeds |
| Alipay | bank card (debit or credit) | depends on the bank, usually 1–3 working days; if the card cannot take it, it goes to your Alipay balance |
| Alipay | Huabei | back to Huabei (restores your limit or reduces the bill) |
| WeChat Pay | WeChat change (零钱) | usually within 5 minutes |
| WeChat Pay | bank card | 1–3 working days |
| Card (Stripe, international cards) | the original card | 5–10 business days to show; sometimes the original charge simply disappears |

**Still not there?**

1. Check that the refund was started (we send you a text message when it is).
2. Wait for the time in the table; weekends and public holidays push bank processing back.
3. If it is later than that, open a ticket from the [self-service lookup](/lookup) with your order number and we will trace the refund with the payment provider.`,
    },
    scripts: ["refund-not-arrived", "refund-not-arrived-card"],
  },
  {
    slug: "paid-but-order-not-updated",
    category: "paid_not_updated",
    tags: ["callback", "回调", "订单未更新"],
    visibility: "public",
    title: { "zh-CN": "付款成功了,订单却显示未支付?", en: "I paid, but my order still says unpaid" },
    body: {
      "zh-CN": `别担心,**您的钱是安全的**。付款成功后,支付机构需要把结果通知给我们,这个过程偶尔会有延迟。

- 通常几分钟内订单会自动更新,**请不要重复付款**。
- 您可以在[自助查询](/lookup)输入订单号和手机号后四位,查看订单的最新情况。
- 如果 30 分钟后仍未更新,请在自助查询页提交工单,客服会主动为您核实并补单。
- 如果系统正在维护或出现故障,[状态页](/status)会显示最新进展。`,
      en: `Don't worry: **your money is safe**. After you pay, the payment provider has to tell us the result, and that message is sometimes late.

- Usually the order updates by itself within a few minutes. **Please don't pay again.**
- You can check the latest on the [self-service lookup](/lookup) with your order number and the last four digits of your phone.
- If it still hasn't updated after 30 minutes, open a ticket from the lookup page and an agent will check and fix it for you.
- If we are having technical trouble, the [status page](/status) shows what is happening.`,
    },
    scripts: ["paid-not-updated-wait", "paid-not-updated-fixed"],
  },
  {
    slug: "sop-paid-not-updated",
    category: "paid_not_updated",
    tags: ["sop", "查询", "补单"],
    visibility: "internal",
    title: { "zh-CN": "SOP:已付款但订单未更新的处理步骤", en: "SOP: handling \"paid but order not updated\"" },
    body: {
      "zh-CN": `**目标:首次接触就解决。**

1. 在订单搜索或客户查询中找到订单(订单号、手机号、支付流水号都可以)。
2. 看订单时间线:是否有已验证但未应用的回调?是否有进行中的事件(页面顶部的事件简报)?
3. 点击 **"立即查询"** 向支付机构查询。查询结果为已支付时,订单会自动更新并触发发货。
4. 订单更新后,用话术 **"已付款、订单已补单完成"** 回复用户,并把工单标记为已解决。
5. 查询结果仍不明确(超时、5xx):用话术 **"已付款、订单未更新:请稍候"** 安抚用户,工单设为"待用户回复",30 分钟后再查。
6. 事件期间:统一使用事件简报指定的话术,不要承诺具体恢复时间以外的内容。

注意:不要让用户重复付款;金额不一致的订单转财务处理。`,
      en: `**Goal: solve it on first contact.**

1. Find the order (order search or customer lookup: order no., phone or provider transaction id).
2. Read its timeline: is there a verified callback not applied yet? Is an incident running (the brief at the top of the console)?
3. Press **"Query now"** to ask the provider. If it answers paid, the order updates and fulfilment starts by itself.
4. Once updated, reply with the script **"Paid: the order has now been updated"** and resolve the ticket.
5. If the answer is still unclear (timeout, 5xx): reassure the user with **"Paid, order not updated: please bear with us"**, set the ticket to pending user and query again in 30 minutes.
6. During an incident: use the scripts the incident brief names; promise nothing beyond the times it gives.

Never ask the user to pay again; orders with an amount mismatch go to finance.`,
    },
    scripts: ["paid-not-updated-wait", "paid-not-updated-fixed"],
  },
  {
    slug: "charged-twice",
    category: "charged_twice",
    tags: ["重复扣款", "refund", "退款"],
    visibility: "public",
    title: { "zh-CN": "被扣了两次钱怎么办?", en: "I was charged twice: what happens now?" },
    body: {
      "zh-CN": `如果同一笔订单被扣款两次,**多扣的钱会全额原路退回**,您不需要做任何操作。

- 我们每天和支付机构对账,重复扣款会被自动识别并发起退款。
- 退款到账时间见[退款多久到账](/help/articles/refund-timelines)。
- 如果您着急,可以在[自助查询](/lookup)提交工单,客服会优先处理。`,
      en: `If one order was charged twice, **the extra payment goes back to you in full**, the way it came, with nothing for you to do.

- We reconcile with the payment providers every day; a double charge is found and refunded automatically.
- How long the refund takes: see [Refund times](/help/articles/refund-timelines).
- In a hurry? Open a ticket from the [self-service lookup](/lookup) and an agent will prioritise it.`,
    },
    scripts: ["charged-twice-refund", "charged-twice-checking"],
  },
  {
    slug: "sop-charged-twice",
    category: "charged_twice",
    tags: ["sop", "重复扣款", "对账"],
    visibility: "internal",
    title: { "zh-CN": "SOP:重复扣款核实与退款", en: "SOP: confirming and refunding a double charge" },
    body: {
      "zh-CN": `1. 打开订单,查看是否有"重复支付"差异记录(对账自动生成)。
2. 有差异记录:确认两笔支付流水号不同、金额相同,即可为多出的一笔发起退款(在您的退款权限内直接退,超出则提交审批)。
3. 没有差异记录:用话术"疑似重复扣款:正在核实"回复,请用户提供两笔扣款截图,转财务队列核对。
4. 退款发起后,用话术"重复扣款:多扣的钱会原路退回",变量会自动带出到账时间。
5. 同一用户短期内多次申请退款会被标记,需审批。`,
      en: `1. Open the order and look for a "duplicate payment" discrepancy (reconciliation creates it).
2. If there is one: check the two provider transaction ids differ and the amounts match, then refund the extra payment (directly within your refund limit, otherwise it goes to approval).
3. If there is none: reply with "Possibly charged twice: we're checking", ask for screenshots of both charges and move the ticket to the finance queue.
4. Once the refund is started, reply with "Charged twice: the extra payment goes back"; the expected arrival time is filled in for you.
5. Repeated refunds to the same user within a short window are flagged and need approval.`,
    },
    scripts: ["charged-twice-refund", "charged-twice-checking"],
  },
  {
    slug: "payment-failed-but-money-deducted",
    category: "failed_but_deducted",
    tags: ["支付失败", "扣款", "refund"],
    visibility: "public",
    title: { "zh-CN": "显示支付失败,钱却被扣了?", en: "Payment failed, but money was taken?" },
    body: {
      "zh-CN": `这种情况一般是支付结果还在途中,**您的钱不会丢失**:

- 如果款项最终到达我们这里,订单会自动变为已支付;
- 如果没有到达,支付机构会自动把钱退回,通常 1–3 个工作日。

建议先不要重复付款。超过 3 个工作日仍未退回,请在[自助查询](/lookup)提交工单。`,
      en: `This usually means the payment result is still on its way, and **your money will not be lost**:

- if the money reaches us, your order becomes paid by itself;
- if it doesn't, the payment provider returns it to you automatically, usually within 1–3 working days.

Please don't pay again for now. If it hasn't come back after 3 working days, open a ticket from the [self-service lookup](/lookup).`,
    },
    scripts: ["failed-but-deducted", "failed-but-deducted-refund"],
  },
  {
    slug: "refund-not-arrived",
    category: "refund_not_arrived",
    tags: ["退款", "refund", "未到账"],
    visibility: "public",
    title: { "zh-CN": "退款还没到账?", en: "My refund hasn't arrived" },
    body: {
      "zh-CN": `退款会原路退回,到账时间取决于您的付款方式,详见[退款多久到账](/help/articles/refund-timelines)。

退回银行卡的退款,要等银行入账后才会显示,有时会以"撤销原交易"的形式出现(原来那笔扣款消失)。超过到账时间仍未收到,请联系我们,我们可以提供退款凭证供您向银行查询。`,
      en: `Refunds go back the way you paid, and the time depends on the payment method: see [Refund times](/help/articles/refund-timelines).

A refund to a bank card shows only once the bank posts it, and sometimes it appears as the original charge disappearing. If it's later than the expected time, contact us and we'll give you the refund reference so your bank can trace it.`,
    },
    scripts: ["refund-not-arrived", "refund-not-arrived-card"],
  },
  {
    slug: "sop-incident-communication",
    category: "system_busy",
    tags: ["sop", "故障", "incident", "事件"],
    visibility: "internal",
    title: { "zh-CN": "SOP:故障期间如何对外沟通", en: "SOP: talking to users during an incident" },
    body: {
      "zh-CN": `1. 先读并确认页面顶部的**事件简报**:发生了什么、影响谁、怎么说、可以做什么。
2. 只使用简报指定的话术,保证口径一致;不要猜测原因,不要承诺简报之外的恢复时间。
3. 提醒用户**不要重复付款**,已付款的订单恢复后会自动更新。
4. 引导用户查看[状态页](/status),减少重复咨询。
5. 对小额订单,核实后可在权限内直接补发或退款,提高首次解决率。
6. 故障恢复后,检查自己处理过的"待用户回复"工单,逐一确认并关闭。`,
      en: `1. Read and confirm the **incident brief** at the top of the console: what is happening, who is affected, what to say, what you may do.
2. Use only the scripts the brief names so everyone says the same thing; don't guess causes or promise times the brief doesn't give.
3. Remind users **not to pay twice**: paid orders update by themselves once it is fixed.
4. Point users to the [status page](/status) to save them asking again.
5. For small orders you may re-ship or refund within your limit once checked: solve it on first contact.
6. After recovery, go through your "pending user" tickets and confirm and close each one.`,
    },
    scripts: ["system-busy-incident", "system-busy-try-later"],
  },
  {
    slug: "system-busy",
    category: "system_busy",
    tags: ["系统繁忙", "故障", "status"],
    visibility: "public",
    title: { "zh-CN": "系统繁忙或维护时,我的订单会怎样?", en: "What happens to my order when the system is busy?" },
    body: {
      "zh-CN": `系统繁忙或出现故障时,部分订单的状态可能更新较慢,但**已经付款的订单不会丢失**,恢复后会自动更新。

- 请不要重复付款;
- 在[状态页](/status)可以看到最新进展;
- 恢复后订单仍有问题,请在[自助查询](/lookup)提交工单。`,
      en: `When the system is busy or having trouble, some orders may take longer to update, but **paid orders are never lost**: they update by themselves once things are back to normal.

- Please don't pay again;
- the [status page](/status) shows the latest;
- if your order still looks wrong afterwards, open a ticket from the [self-service lookup](/lookup).`,
    },
    scripts: ["system-busy-incident"],
  },
];
