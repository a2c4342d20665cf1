import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alerts, incidents, tickets, users } from "@/db/schema";
import type { TicketType } from "@/lib/tickets";
import { systemActor, type Actor } from "@/server/audit/write-audit";
import { getEnv } from "@/server/env";
import { addIncidentNote } from "@/server/incidents/add-incident-note";
import { appendAlertEvent } from "@/server/incidents/append-incident-event";
import { placeAlertInIncident } from "@/server/incidents/open-incident";
import { resolveIncident } from "@/server/incidents/resolve-incident";
import { setCommander } from "@/server/incidents/set-commander";
import { businessDay, dayStart } from "@/server/status/business-days";
import { ticketNumber } from "@/server/tickets/create-ticket";
import { addActionItem, setActionItemStatus } from "./action-items";
import { completeReview } from "./complete-review";

const MIN = 60_000;
const HOUR = 60 * MIN;

/** A business day `n` days from `day` ("2026-11-27", -5 → "2026-11-22"). */
function shiftDay(day: string, n: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

interface PastIncident {
  daysAgo: number;
  title: string;
  ruleKey: string;
  notes: { afterMin: number; text: string }[];
  tickets: { afterMin: number; type: TicketType; subject: string; description: string }[];
  summary: string;
  rootCause: string;
  whatWorked: string;
  whatDidNot: string;
  /** dueIn: business days from today (negative = already past); done: marked done that many days ago. */
  actions: { title: string; owner: "ops" | "manager"; dueIn: number; doneDaysAgo?: number }[];
}

// The two Alipay success-rate dips of the KPI history (server/kpi/seed-demo-kpi-history.ts: day −12 and day −5,
// 20:00–21:00 business time). Written as the team writes its reviews: in Chinese.
const PAST: PastIncident[] = [
  {
    daysAgo: 12,
    title: "支付宝支付成功率下降（晚高峰）",
    ruleKey: "success-rate-low",
    notes: [
      { afterMin: 9, text: "支付宝下单接口大量返回 invalid-signature，约四成请求失败；微信、银联正常。先排除渠道侧故障，已在渠道群确认支付宝无公告。" },
      { afterMin: 24, text: "定位到 19:55 发布的 pay-gateway v3.18：密钥轮换后，一半实例仍加载旧的商户应用私钥。已回滚这批实例。" },
      { afterMin: 41, text: "回滚完成，成功率回到 98% 以上。状态查询任务正在补查 20:00 以后未回调的订单，客服按话术答复“扣款未到账”。" },
    ],
    tickets: [
      { afterMin: 15, type: "complaint", subject: "多名用户反馈支付宝付款失败", description: "客服组长汇总：20:00 起 30 余通来电，均为支付宝支付提示“系统繁忙”，微信支付正常。" },
      { afterMin: 33, type: "failed_but_deducted", subject: "用户称支付宝已扣款但订单仍待支付", description: "用户来电称扣款成功，订单页显示待支付。已告知 30 分钟内自动更新，超时回电。" },
    ],
    summary: "19:55 发布的网关版本在一半实例上仍使用旧商户私钥，支付宝下单验签失败，成功率从 98% 跌至 61%，持续约 55 分钟。回滚后恢复，状态查询补回全部已扣款订单，无资金差错。",
    rootCause:
      "商户应用私钥按计划轮换，但新私钥只写入了新的密钥版本，pay-gateway v3.18 的一半实例在滚动发布时读取了缓存中的旧版本。发布检查只验证了服务健康，没有验证“用新密钥签一笔、渠道验签通过”，所以问题在流量高峰才暴露。",
    whatWorked: "成功率告警在下降开始后 4 分钟触发，值班 3 分钟内接手并指定指挥；客服话术 10 分钟内同步到坐席；状态查询补单让“已扣款未到账”的用户无需二次联系。",
    whatDidNot: "排查先怀疑支付宝侧，花了约 15 分钟才看网关自己的错误码；没有按实例维度的签名失败指标；密钥轮换和版本发布是两个团队的两张变更单，没有联动检查。",
    actions: [
      { title: "网关启动自检：用当前密钥向沙箱签名并验签一笔，失败则实例不接流量", owner: "ops", dueIn: -9, doneDaysAgo: 9 },
      { title: "新增“按实例的渠道签名失败率”告警，阈值 5%，持续 2 分钟", owner: "ops", dueIn: -7, doneDaysAgo: 8 },
      { title: "密钥轮换与发布合并为同一张变更单，并写入值班手册的发布检查清单", owner: "manager", dueIn: 10 },
    ],
  },
  {
    daysAgo: 5,
    title: "支付宝成功率下降：营销推送后被渠道限流",
    ruleKey: "success-rate-drop",
    notes: [
      { afterMin: 6, text: "20:00 营销短信推送后下单量约为平时 2.6 倍；支付宝返回 ACQ.SYSTEM_ERROR 和频率超限，成功率跌到 70% 左右。" },
      { afterMin: 18, text: "我方失败重试没有退避，同一订单 1 秒内重试 3 次，放大了限流。已临时把重试间隔调到 5 秒，并联系支付宝商户经理申请临时提额。" },
      { afterMin: 47, text: "支付宝已临时提额，成功率恢复到 97%。受影响用户的短信通知已发出，客服说明“请勿重复付款，已扣款会自动到账”。" },
    ],
    tickets: [
      { afterMin: 12, type: "charged_twice", subject: "用户重复付款两次，要求退回一笔", description: "用户提示失败后又付了一次，两笔均扣款。已核实订单，转财务按重复支付退款。" },
      { afterMin: 26, type: "complaint", subject: "活动页下单一直提示支付失败", description: "用户多次尝试支付宝支付失败，建议改用微信支付或稍后重试，已记录。" },
    ],
    summary: "营销推送带来 2.6 倍下单量，触发支付宝对商户的接口限流，我方无退避重试放大了问题，成功率约 1 小时低于 80%。渠道临时提额、重试加退避后恢复。重复支付 3 笔已退款。",
    rootCause:
      "市场部 20:00 推送营销短信，活动未提前向支付宝报备峰值，接口被渠道限流；我方下单失败后立即重试、无退避无抖动，同一时刻请求量再翻倍，限流持续更久。用户看到失败后二次付款，产生重复支付。",
    whatWorked: "事件 2 分钟内自动开启并有指挥；支付宝商户经理 20 分钟内响应临时提额；对账当晚识别出 3 笔重复支付并退款。",
    whatDidNot: "活动上线清单里没有“向支付渠道报备”这一步；重试策略多年未复查；用户通知比告警晚了 25 分钟，客服组长不在告警通知范围内。",
    actions: [
      { title: "下单重试改为指数退避 + 随机抖动，单笔最多 3 次", owner: "ops", dueIn: -2, doneDaysAgo: 1 },
      { title: "活动上线清单增加：提前 3 个工作日向支付宝、微信报备预估峰值 TPS", owner: "manager", dueIn: 5 },
      { title: "成功率类告警同时通知客服组长，目标 10 分钟内发出用户通知", owner: "ops", dueIn: -1 },
    ],
  },
];

const MARK = "demo-review";

/** Demo seed — H3 (issue 12): two past incidents with completed reviews and one in draft. Called by seedDemoData (server/demo/seed-demo-data.ts). */
export async function seedDemoReviews(db: Db, opts: { now: Date }): Promise<void> {
  const tz = getEnv().BUSINESS_TIMEZONE;
  const today = businessDay(opts.now, tz);
  const people = await db.select({ id: users.id, email: users.email }).from(users);
  const idOf = (email: string) => people.find((p) => p.email === email)?.id ?? null;
  const actorFor = (email: string): Actor => {
    const id = idOf(email);
    return id ? { id, label: email, role: email.startsWith("manager") ? "manager" : "ops" } : systemActor("demo-seed");
  };
  const ops = actorFor("ops@payops.local");
  const manager = actorFor("manager@payops.local");
  const detector = systemActor("alerts");

  for (const p of PAST) {
    const [seeded] = await db.select({ id: incidents.id }).from(incidents).where(and(eq(incidents.provider, "alipay"), eq(incidents.title, p.title)));
    if (seeded) continue;
    const onset = dayStart(shiftDay(today, -p.daysAgo), tz).getTime() + 20 * HOUR;
    const at = (m: number) => new Date(onset + m * MIN);
    const [alert] = await db
      .insert(alerts)
      .values({
        ruleKey: p.ruleKey, metric: "success_rate", provider: "alipay", severity: "critical", status: "firing", fingerprint: `${p.ruleKey}|alipay|${MARK}-${p.daysAgo}`,
        onsetAt: at(0), firedAt: at(4), lastEvaluatedMinute: at(4), breachStreak: 3,
      })
      .returning();
    const incidentId = await db.transaction((tx) => placeAlertInIncident(tx, alert!, detector, { open: true, now: at(4) }));
    if (incidentId === null) continue;
    await db.update(incidents).set({ title: p.title }).where(eq(incidents.id, incidentId));
    await setCommander(db, incidentId, "me", ops, at(7));
    await db.transaction(async (tx) => {
      await tx.update(alerts).set({ status: "acknowledged", acknowledgedAt: at(8), acknowledgedBy: ops.label }).where(eq(alerts.id, alert!.id));
      await appendAlertEvent(tx, alert!.id, "alert_acknowledged", ops.label, {}, at(8));
    });
    for (const n of p.notes) await addIncidentNote(db, incidentId, n.text, ops, at(n.afterMin));
    for (const t of p.tickets) {
      const [row] = await db
        .insert(tickets)
        .values({ number: `${MARK}-${incidentId}-${t.afterMin}`, subject: t.subject, description: t.description, status: "closed", type: t.type, source: "incident", incidentId, createdBy: "cs-lead@payops.local", createdAt: at(t.afterMin), firstResponseAt: at(t.afterMin + 4), solvedAt: at(t.afterMin + 90), closedAt: at(t.afterMin + 24 * 60) })
        .returning({ id: tickets.id });
      await db.update(tickets).set({ number: ticketNumber(row!.id, at(t.afterMin)) }).where(eq(tickets.id, row!.id));
    }
    await db.transaction(async (tx) => {
      await tx.update(alerts).set({ status: "resolved", resolvedAt: at(60) }).where(eq(alerts.id, alert!.id));
      await appendAlertEvent(tx, alert!.id, "alert_resolved", "system:alerts", {}, at(60));
    });
    await resolveIncident(db, incidentId, p.summary, ops, at(70));
    await completeReview(db, incidentId, { rootCause: p.rootCause, whatWorked: p.whatWorked, whatDidNot: p.whatDidNot }, manager, at(14 * 60 + 30));
    for (const a of p.actions) {
      const owner = idOf(`${a.owner}@payops.local`);
      const item = await addActionItem(db, incidentId, { title: a.title, ownerId: owner, dueOn: shiftDay(today, a.dueIn) }, manager);
      if (a.doneDaysAgo !== undefined) await setActionItemStatus(db, item.id, "done", a.owner === "ops" ? ops : manager, new Date(opts.now.getTime() - a.doneDaysAgo * 24 * HOUR));
    }
  }
}
