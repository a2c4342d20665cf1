import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { MessageSource, Provider } from "@/lib/enums";
import { reason } from "@/lib/reasons";
import { getEnv } from "@/server/env";
import { log } from "@/server/lib/log";
import { arrayLiteral, executePrepared, idsFromArrayText, rowsOf } from "@/server/lib/sql";
import { applyMessages, notificationFromJson, type ApplyInput } from "./apply-notification";
import { applyPaymentsInSql } from "./apply-payments-in-sql";
import { writeMessageOutcomes } from "./write-message-outcomes";

// The inbox: callbacks stored verified but not applied yet (verification 'verified', outcome 'received').
// Any number of appliers — each web process right after its own inserts, `npm run worker`s, the cron
// tick — drain it concurrently: rows are claimed FOR UPDATE SKIP LOCKED, so no two take the same message,
// and orders are locked inside applyMessages, so no two change the same order at once.

export const APPLY_BATCH = 50;
/**
 * Batches one process applies at once, each on its own connection. A batch waits on the database (claim and
 * lock, the payments statement, the commit), not on this process's CPU, so a second, third and fourth batch
 * in flight keep up with bursts; a new one starts only while there is a backlog.
 */
export const APPLY_CONCURRENCY = 4;

interface InboxRow {
  id: number | string;
  provider: Provider;
  source: MessageSource;
  received_at: string | Date;
  notification: Record<string, unknown> | string;
}

const toInput = (r: InboxRow): ApplyInput => ({
  callbackEventId: Number(r.id),
  provider: r.provider,
  source: r.source,
  receivedAt: r.received_at instanceof Date ? r.received_at : new Date(r.received_at),
  notification: notificationFromJson(typeof r.notification === "string" ? JSON.parse(r.notification) : r.notification),
});

/** What applyMessages needs of a claimed message (InboxRow). */
const INBOX_ROW = sql.raw("id, provider, source, received_at, notification");

function claim(tx: Db, limit: number, onlyId?: number) {
  return tx.execute(sql`
    SELECT ${INBOX_ROW} FROM callback_events
    WHERE verification = 'verified' AND outcome = 'received' ${onlyId === undefined ? sql`` : sql`AND id = ${onlyId}`}
    ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`);
}

/**
 * Claims up to `limit` waiting messages and locks their orders, in one statement: the messages FOR UPDATE
 * SKIP LOCKED (no two appliers take the same one), then their orders FOR UPDATE in order-number order (two
 * appliers never deadlock; applyMessages takes the same locks in the same order). Returns the ids, ascending.
 */
async function claimAndLock(tx: Db, limit: number): Promise<number[]> {
  const [row] = rowsOf<{ ids: string | null }>(
    await executePrepared(tx, "claim_inbox", sql`
    WITH claimed AS (
      SELECT id, order_no FROM callback_events
      WHERE verification = 'verified' AND outcome = 'received'
      ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED
    ),
    locked AS (
      SELECT o.order_no FROM orders o WHERE o.order_no IN (SELECT order_no FROM claimed) ORDER BY o.order_no FOR UPDATE
    )
    -- A CTE nobody reads is not run: counting the locked orders is what takes their locks.
    SELECT (SELECT array_agg(id ORDER BY id) FROM claimed)::text AS ids, (SELECT count(*) FROM locked) AS locked`),
  );
  return idsFromArrayText(row?.ids);
}

/** The claimed messages applyPaymentsInSql left, read whole (they stay locked by this transaction). */
function claimedRows(tx: Db, ids: number[]) {
  return tx.execute(sql`
    SELECT ${INBOX_ROW} FROM callback_events
    WHERE id = ANY(${sql.param(arrayLiteral(ids))}::bigint[]) ORDER BY id`);
}

async function applyClaimed(tx: Db, rows: InboxRow[]): Promise<void> {
  const inputs = rows.map(toInput);
  const results = await applyMessages(tx, inputs);
  await writeMessageOutcomes(
    tx,
    results.map((r, i) => ({ id: inputs[i]!.callbackEventId, outcome: r.outcome, detail: r.detail, reason: r.reason })),
  );
}

/**
 * Applies up to `limit` waiting messages in one transaction (one commit for the batch): the plain payments
 * and their resends in one statement (applyPaymentsInSql), whatever else through applyMessages. If the batch
 * fails, each of its messages is applied in a transaction of its own, through applyMessages alone, so one
 * message that cannot be applied does not hold back the others; it stays in the inbox (visible in health)
 * and is retried later. Returns how many messages were taken. `inSql: false`: applyMessages for all (tests
 * compare the two).
 */
export async function applyInboxBatch(db: Db, limit = APPLY_BATCH, opts: { inSql?: boolean } = {}): Promise<number> {
  let ids: number[] = [];
  try {
    return await db.transaction(async (tx) => {
      if (opts.inSql === false) {
        const rows = rowsOf<InboxRow>(await claim(tx, limit));
        ids = rows.map((r) => Number(r.id));
        if (rows.length) await applyClaimed(tx, rows);
        return rows.length;
      }
      ids = await claimAndLock(tx, limit);
      if (ids.length === 0) return 0;
      const applied = await applyPaymentsInSql(tx, ids);
      const rest = ids.filter((id) => !applied.has(id));
      if (rest.length) await applyClaimed(tx, rowsOf<InboxRow>(await claimedRows(tx, rest)));
      return ids.length;
    });
  } catch (e) {
    if (ids.length <= 1) throw e;
    log.warn("inbox batch failed; applying its messages one by one", { messages: ids.length, error: e });
  }
  for (const id of ids) {
    try {
      await db.transaction(async (tx) => {
        const rows = rowsOf<InboxRow>(await claim(tx, 1, id));
        if (rows.length) await applyClaimed(tx, rows);
      });
    } catch (e) {
      log.error("callback could not be applied; left in the inbox", { callbackEventId: id, error: e });
    }
  }
  return ids.length;
}

/**
 * Messages that arrived before their order: once the order exists, back into the inbox. `orderNo`: just
 * that order (registerOrder calls it in its transaction); none: every waiting message whose order now
 * exists (the appliers' sweep, which also catches an order registered while its message was being applied).
 * Oldest first, 1,000 at a time: a larger backlog drains in arrival order over the next sweeps (a requeued
 * message leaves `unknown_order`, so it is not picked again).
 */
export async function requeueWaitingMessages(db: Db, orderNo?: string): Promise<number> {
  const rows = rowsOf<{ id: number | string }>(
    await db.execute(sql`
      SELECT c.id FROM callback_events c
      WHERE c.outcome = 'unknown_order' AND c.verification = 'verified'
        ${orderNo === undefined ? sql`` : sql`AND c.order_no = ${orderNo}`}
        AND EXISTS (SELECT 1 FROM orders o WHERE o.order_no = c.order_no)
      ORDER BY c.id
      LIMIT 1000`),
  );
  await writeMessageOutcomes(
    db,
    rows.map((r) => ({ id: Number(r.id), outcome: "received" as const, detail: "order registered; waiting to be applied", reason: reason("outcome.order_registered") })),
  );
  return rows.length;
}

/** Drains the inbox until it is empty or `budgetMs` is spent (the cron tick, tests, workers). */
export async function drainInbox(db: Db, opts: { budgetMs?: number; batch?: number } = {}): Promise<{ applied: number }> {
  const deadline = Date.now() + (opts.budgetMs ?? 10_000);
  let applied = 0;
  await requeueWaitingMessages(db);
  while (Date.now() < deadline) {
    const n = await applyInboxBatch(db, opts.batch ?? APPLY_BATCH);
    applied += n;
    if (n === 0) break;
  }
  return { applied };
}

export interface InboxApplier {
  /** Something was just stored: apply soon (coalesces with a drain already running). */
  kick(): void;
  /** Resolves when nothing is being applied and nothing was kicked since (tests). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A process's applier: drains after every kick whose message no claim has taken yet (the web process kicks it
 * after each acknowledged callback, so the apply lag is one batch) and every `pollMs` to pick up what other
 * processes left behind (a crash between acknowledging and applying) and messages whose order has since arrived.
 * `gatherMs`: a kick starts the drain only that long after it, and the kicks in between join it, so a burst
 * is applied in a few full batches instead of a transaction per group commit (each one a claim, a
 * statement and a commit, planned and run while the burst is still arriving).
 */
export function startInboxApplier(db: Db, opts: { pollMs: number; name?: string; gatherMs?: number }): InboxApplier {
  let running: Promise<void> | null = null;
  let stopped = false;
  let lastSweep = 0;
  // Kicks so far, and the last one whose message a claim has certainly seen: a kick follows its message's
  // commit, so a claim that began after it and came back short of a full batch took that message (or found it
  // locked by another batch, which applies it). A kick already covered so needs no transaction of its own.
  let kicks = 0;
  let covered = 0;

  let active = 0;
  const loops = new Set<Promise<void>>();
  const spawn = () => {
    const p: Promise<void> = (async () => {
      active++;
      try {
        for (;;) {
          const seen = kicks;
          const n = await applyInboxBatch(db);
          // Fewer than a full batch: nothing else was waiting unlocked when it was claimed. Whatever is stored
          // after that kicks again, so no empty batch (begin, claim nothing, commit) is spent to find out.
          if (n < APPLY_BATCH) {
            covered = Math.max(covered, seen);
            break;
          }
          if (stopped) break;
          // A full batch: a backlog (a burst, a provider replaying), so put another connection on it.
          if (active < APPLY_CONCURRENCY) spawn();
        }
      } finally {
        active--;
      }
    })()
      .catch((e) => log.error("inbox applier failed; retrying on the next kick or poll", { applier: opts.name, error: e }))
      .finally(() => loops.delete(p));
    loops.add(p);
  };
  const run = async () => {
    for (;;) {
      const from = kicks;
      try {
        if (Date.now() - lastSweep >= opts.pollMs) {
          lastSweep = Date.now();
          await requeueWaitingMessages(db);
        }
      } catch (e) {
        log.error("inbox sweep failed", { applier: opts.name, error: e });
      }
      spawn();
      while (loops.size) await Promise.all([...loops]);
      // Again only for kicks that came while it ran and that no short claim has seen since. (A run that failed
      // is not repeated for the kicks that started it: the next kick or poll retries.)
      if (stopped || kicks <= Math.max(covered, from)) return;
    }
  };
  let gathering: ReturnType<typeof setTimeout> | null = null;
  const start = () => {
    gathering = null;
    // Running: the run goes round again for this kick unless a claim sees its message first. Idle: nothing to
    // do if a claim already has.
    if (stopped || running || kicks <= covered) return;
    running = run().finally(() => {
      running = null;
    });
  };
  const kick = () => {
    kicks++;
    if (stopped || gathering) return;
    if (!opts.gatherMs) return start();
    gathering = setTimeout(start, opts.gatherMs);
  };
  const timer = setInterval(kick, opts.pollMs);
  timer.unref?.();
  return {
    kick,
    async idle() {
      // A kick still gathering is work to come: wait for it to start, then for the run.
      while (gathering || running) await (running ?? new Promise((r) => setTimeout(r, 1)));
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (gathering) clearTimeout(gathering);
      gathering = null;
      while (running) await running;
    },
  };
}

const g = globalThis as unknown as { __payopsInbox?: { db: Db; applier: InboxApplier } };

/**
 * This process's applier, started on first use (CALLBACK_APPLY_IN_PROCESS=true, the default), so a web
 * process applies what it acknowledged within one batch. Null when the process leaves applying to
 * workers and the cron tick.
 */
export function processInboxApplier(db: Db): InboxApplier | null {
  const env = getEnv();
  if (env.CALLBACK_APPLY_IN_PROCESS !== "true") return null;
  const current = g.__payopsInbox;
  if (current?.db === db) return current.applier;
  void current?.applier.stop();
  const applier = startInboxApplier(db, { pollMs: env.CALLBACK_APPLY_POLL_INTERVAL, name: "in-process", gatherMs: env.CALLBACK_APPLY_GATHER });
  g.__payopsInbox = { db, applier };
  return applier;
}

/** Waits for this process's applier, then drains what is left: everything acknowledged so far is applied. */
export async function settleInbox(db: Db): Promise<void> {
  await g.__payopsInbox?.applier.idle();
  await drainInbox(db);
}

/** Shutdown: finish the batch being applied, stop polling (what is left stays in the inbox). */
export async function stopProcessInboxApplier(): Promise<void> {
  const current = g.__payopsInbox;
  g.__payopsInbox = undefined;
  await current?.applier.stop();
}
