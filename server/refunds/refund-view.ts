import "server-only";
import type { Refund } from "@/db/schema";
import type { Provider } from "@/lib/enums";
import type { RefundFlag, RefundKind, RefundReason, RefundStatus } from "@/lib/refunds";

/** What the console shows of one refund (no user phone: the order page masks it where needed). */
export interface RefundView {
  id: number;
  refundNo: string;
  orderNo: string;
  provider: Provider;
  kind: RefundKind;
  amountMinor: number;
  currency: string;
  reasonCode: RefundReason;
  note: string | null;
  ticketId: number | null;
  status: RefundStatus;
  flags: RefundFlag[];
  requestedByLabel: string;
  decidedByLabel: string | null;
  decidedAt: Date | null;
  decisionReason: string | null;
  providerStatus: string | null;
  lastError: string | null;
  succeededAt: Date | null;
  arrivalBy: Date | null;
  createdAt: Date;
  /** The signed-in user asked for it (the queue hides approve/reject for them). */
  mine: boolean;
}

export function toRefundView(r: Refund, viewerId: string | null): RefundView {
  return {
    id: r.id,
    refundNo: r.refundNo,
    orderNo: r.orderNo,
    provider: r.provider,
    kind: r.kind,
    amountMinor: r.amountMinor,
    currency: r.currency,
    reasonCode: r.reasonCode,
    note: r.note,
    ticketId: r.ticketId,
    status: r.status,
    flags: r.flags,
    requestedByLabel: r.requestedByLabel,
    decidedByLabel: r.decidedByLabel,
    decidedAt: r.decidedAt,
    decisionReason: r.decisionReason,
    providerStatus: r.providerStatus,
    lastError: r.lastError,
    succeededAt: r.succeededAt,
    arrivalBy: r.arrivalBy,
    createdAt: r.createdAt,
    mine: viewerId !== null && r.requestedBy === viewerId,
  };
}
