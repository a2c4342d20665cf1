import { intBetween, pick } from "./random";

// Everyday Chinese consumer purchases with plausible price ranges in fen (CNY minor units).
const CATALOGUE: readonly { subject: string; min: number; max: number; fixed?: readonly number[] }[] = [
  { subject: "洗衣订单（衬衫×3）", min: 1_500, max: 4_500 },
  { subject: "干洗套餐 · 羽绒服", min: 3_900, max: 12_800 },
  { subject: "外卖 · 黄焖鸡米饭", min: 1_800, max: 3_500 },
  { subject: "生椰拿铁（大杯）×2", min: 2_600, max: 5_800 },
  { subject: "视频会员月卡", min: 0, max: 0, fixed: [1_990, 2_500, 3_000] },
  { subject: "快车 · 虹桥机场→陆家嘴", min: 6_800, max: 16_500 },
  { subject: "话费充值", min: 0, max: 0, fixed: [3_000, 5_000, 10_000, 20_000] },
  { subject: "电影票 2 张 · IMAX", min: 7_000, max: 19_800 },
  { subject: "生鲜到家 · 水果蔬菜", min: 3_000, max: 25_000 },
  { subject: "日用百货 · 纸巾洗衣液", min: 2_000, max: 18_000 },
  { subject: "家政保洁 3 小时", min: 12_000, max: 26_000 },
  { subject: "宠物用品 · 猫粮 2kg", min: 6_900, max: 15_900 },
];

const PHONE_PREFIXES = ["130", "131", "132", "135", "136", "137", "138", "139", "150", "151", "152", "158", "159", "166", "177", "181", "186", "187", "188", "189", "199"];

export interface FakeOrder {
  orderNo: string;
  userId: string;
  userPhone: string;
  amountMinor: number;
  currency: "CNY";
  provider: "sandbox";
  subject: string;
  expiresAt: string;
}

export function fakeOrder(random: () => number, runId: string, seq: number, now: Date): FakeOrder {
  const item = pick(random, CATALOGUE);
  // Shops price in whole 10-fen steps, most often ending in .00/.90 — never float arithmetic.
  const amountMinor = item.fixed ? pick(random, item.fixed) : Math.round(intBetween(random, item.min, item.max) / 10) * 10;
  return {
    orderNo: `SIM${runId}${String(seq).padStart(6, "0")}`,
    userId: `u${intBetween(random, 100_000, 999_999)}`,
    userPhone: `${pick(random, PHONE_PREFIXES)}${String(intBetween(random, 0, 99_999_999)).padStart(8, "0")}`,
    amountMinor,
    currency: "CNY",
    provider: "sandbox",
    subject: item.subject,
    expiresAt: new Date(now.getTime() + 15 * 60_000).toISOString(),
  };
}
