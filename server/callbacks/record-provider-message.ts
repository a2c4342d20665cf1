import type { Db } from "@/db/client";
import type { MessageSource, Provider } from "@/lib/enums";
import { callbackEvents } from "@/db/schema";

export interface ProviderMessageInput {
  provider: Provider;
  source: MessageSource;
  headers: Record<string, string>;
  body: string;
  receivedAt: Date;
  remoteAddr?: string | null;
  requestId?: string | null;
}

/** First thing done with any provider message: store it as received. Nothing else happens before this. */
export async function recordProviderMessage(db: Db, input: ProviderMessageInput): Promise<number> {
  const [row] = await db
    .insert(callbackEvents)
    .values({
      provider: input.provider,
      source: input.source,
      headers: input.headers,
      body: input.body,
      receivedAt: input.receivedAt,
      remoteAddr: input.remoteAddr ?? null,
      requestId: input.requestId ?? null,
    })
    .returning({ id: callbackEvents.id });
  return row!.id;
}
