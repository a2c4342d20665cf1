import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { orders, type Order } from "@/db/schema";

export async function loadOrder(db: Db, orderNo: string): Promise<Order | undefined> {
  const [order] = await db.select().from(orders).where(eq(orders.orderNo, orderNo));
  return order;
}
