import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { incidentEvents, incidents, statusNotices } from "@/db/schema";
import { isPostgresRun, useTestDb } from "@/test/db";
import { autoPublishNotice } from "./auto-publish-notice";
import { setAutoPublish } from "./set-auto-publish";

// Two evaluations racing to auto-publish need separate connections: PostgreSQL only (PGlite has one
// connection, so there the calls run one after the other — covered by status-notices.test.ts).
const db = useTestDb();

describe.skipIf(!isPostgresRun())("auto-publish races (PostgreSQL)", () => {
  it("two transactions publishing for the same incident at once end with one automatic notice", { timeout: 60_000 }, async () => {
    await setAutoPublish(db(), true, { id: null, label: "system:test" });
    const [incident] = await db().insert(incidents).values({ title: "race · alipay", severity: "critical", provider: "alipay", onsetAt: new Date(), openedBy: "system:alerts" }).returning();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let inserted!: () => void;
    const insertedSignal = new Promise<void>((r) => (inserted = r));
    // The first has written its notice and not committed yet…
    const first = db().transaction(async (tx) => {
      const id = await autoPublishNotice(tx, incident!.id);
      inserted();
      await held;
      return id;
    });
    await insertedSignal;
    // …the second read no notice (not committed) and waits on the unique index for the first to finish.
    const second = db().transaction((tx) => autoPublishNotice(tx, incident!.id));
    await new Promise((r) => setTimeout(r, 200));
    release();
    const ids = await Promise.all([first, second]);
    expect(ids.filter((x) => x !== null)).toHaveLength(1);
    expect(await db().select().from(statusNotices).where(eq(statusNotices.incidentId, incident!.id))).toHaveLength(1);
    expect(await db().select().from(incidentEvents).where(eq(incidentEvents.incidentId, incident!.id))).toHaveLength(1);
  });
});
