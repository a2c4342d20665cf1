import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { alertContacts, alerts, auditLogs } from "@/db/schema";
import { acknowledgeByLink, createAckToken, readAckLink, verifyAckToken } from "@/server/alerts/deliver-ack-link";
import { useTestDb } from "@/test/db";
import { POST } from "./route";

const db = useTestDb();
let seq = 0;

async function firing() {
  const now = new Date();
  const [a] = await db()
    .insert(alerts)
    .values({ ruleKey: "success-rate-drop", metric: "success_rate", provider: "alipay", severity: "critical", status: "firing", fingerprint: `ack-${++seq}|alipay`, onsetAt: now, firedAt: now, lastEvaluatedMinute: now })
    .returning();
  const [c] = await db().insert(alertContacts).values({ name: `值班 ${seq}`, role: "ops", phone: "13800000009" }).returning();
  return { alert: a!, contact: c! };
}
const post = (token: string) => POST(new Request("http://127.0.0.1:3999/api/alerts/ack", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ token }).toString() }));
const statusOf = async (id: number) => (await db().select().from(alerts).where(eq(alerts.id, id)))[0]!;

describe("acknowledge link", () => {
  it("POST with a valid token acknowledges as the contact, audited, and redirects (303) back to the page with the outcome", async () => {
    const { alert, contact } = await firing();
    const token = createAckToken(alert.id, contact.id);
    const res = await post(token);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/ack/${token}?r=acknowledged`);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await statusOf(alert.id)).toMatchObject({ status: "acknowledged", acknowledgedBy: `contact:${contact.name} via link` });
    const audit = await db().select().from(auditLogs).where(eq(auditLogs.entityId, String(alert.id)));
    expect(audit).toMatchObject([{ action: "alert.acknowledge", actorLabel: `contact:${contact.name} via link`, actorId: null }]);
    // A second click: already acknowledged, nothing changes.
    expect((await post(token)).headers.get("location")).toBe(`/ack/${token}?r=already`);
    expect(await db().select().from(auditLogs).where(eq(auditLogs.entityId, String(alert.id)))).toHaveLength(1);
  });

  it("an expired token acknowledges nothing", async () => {
    const { alert, contact } = await firing();
    const token = createAckToken(alert.id, contact.id, new Date(Date.now() - 25 * 3600_000)); // TTL 24 h
    expect(verifyAckToken(token)).toEqual({ ok: false, reason: "expired" });
    expect((await post(token)).headers.get("location")).toBe(`/ack/${token}?r=expired`);
    expect((await statusOf(alert.id)).status).toBe("firing");
  });

  it("a tampered token (another alert id, or a forged signature) acknowledges nothing", async () => {
    const { alert, contact } = await firing();
    const { alert: other } = await firing();
    const token = createAckToken(alert.id, contact.id);
    const [, sig] = token.split(".");
    const forgedPayload = Buffer.from(JSON.stringify({ a: other.id, c: contact.id, e: Math.floor(Date.now() / 1000) + 3600 })).toString("base64url");
    for (const bad of [`${forgedPayload}.${sig}`, `${token.split(".")[0]}.${"A".repeat(sig!.length)}`]) {
      expect(verifyAckToken(bad)).toEqual({ ok: false, reason: "invalid" });
      expect((await post(bad)).headers.get("location")).toBe(`/ack/${bad}?r=invalid`);
    }
    expect((await statusOf(alert.id)).status).toBe("firing");
    expect((await statusOf(other.id)).status).toBe("firing");
    expect((await post("not a token")).status).toBe(400);
  });

  it("reading the link (what GET /ack/<token> does) never acknowledges; a resolved alert is not acknowledged", async () => {
    const { alert, contact } = await firing();
    const token = createAckToken(alert.id, contact.id);
    for (let i = 0; i < 3; i++) expect(await readAckLink(db(), token)).toMatchObject({ state: "firing", who: contact.name });
    expect((await statusOf(alert.id)).status).toBe("firing");
    await db().update(alerts).set({ status: "resolved", resolvedAt: new Date() }).where(eq(alerts.id, alert.id));
    expect(await acknowledgeByLink(db(), token)).toBe("resolved");
    expect((await statusOf(alert.id)).status).toBe("resolved");
  });
});
