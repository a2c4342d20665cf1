import "server-only";
import type { ProviderAdapter } from "../types";
import { querySandbox } from "./query";
import { replySandbox } from "./reply";
import { verifySandbox } from "./verify";

export const sandboxAdapter: ProviderAdapter = {
  name: "sandbox",
  verify: verifySandbox,
  reply: replySandbox,
  query: querySandbox,
};
