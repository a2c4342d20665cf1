import type { AlertChannel, DeliveryStatus } from "@/lib/alerts";

/** alertChannel.deliveryList's input for the log's filters; the server page prefetches the first page with it. */
export function deliveriesInput(s: { channel?: AlertChannel | ""; status?: DeliveryStatus | ""; cursor?: string }) {
  return { channel: s.channel || undefined, status: s.status || undefined, cursor: s.cursor, limit: 50 };
}
