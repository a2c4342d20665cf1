import "server-only";
import type { ProviderAdapter } from "../types";
import { queryAlipay } from "./query";
import { replyAlipay } from "./reply";
import { verifyAlipay } from "./verify";

export const alipayAdapter: ProviderAdapter = {
  name: "alipay",
  verify: verifyAlipay,
  reply: replyAlipay,
  query: queryAlipay,
};
