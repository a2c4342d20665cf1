import type { Provider } from "@/lib/enums";
import type { ProviderTestKeys, SignableState } from "../provider-signers";

export interface FakePayment {
  state: SignableState;
  transactionId: string;
  amountMinor: number;
  currency: string;
  paidAt: Date | null;
}

export interface FakeRequest {
  provider: Provider;
  method: string;
  /** Path with query, as received. */
  url: string;
  headers: Record<string, string>;
  body: string;
  status: number;
}

export interface FakeReply {
  status: number;
  headers: Record<string, string>;
  /** Bytes for statement files (GBK zips). */
  body: string | Buffer;
}

/** What one provider's handler sees: the request, the payments it knows, and whether to corrupt its answer. */
export interface FakeContext {
  keys: ProviderTestKeys;
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string;
  payments: Map<string, FakePayment>;
  /** Sign something other than what is sent (or, for Stripe, answer for another order). */
  tamper: boolean;
}
