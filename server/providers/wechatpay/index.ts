import "server-only";
import type { ProviderAdapter } from "../types";
import { queryWechatpay } from "./query";
import { replyWechatpay } from "./reply";
import { verifyWechatpay } from "./verify";

export const wechatpayAdapter: ProviderAdapter = {
  name: "wechatpay",
  verify: verifyWechatpay,
  reply: replyWechatpay,
  query: queryWechatpay,
};
