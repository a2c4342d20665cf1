import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { MIGRATIONS_FOLDER, type Db, type DriverName } from "@/db/client";
import { rowsOf } from "@/server/lib/sql";

export interface Health {
  status: "ok" | "degraded" | "down";
  time: string;
  database: { ok: boolean; driver: DriverName | null; latencyMs: number | null; error?: string };
  migrations: { applied: number | null; expected: number; current: boolean };
  jobs: { pending: number; due: number; running: number; dead: number; oldestDueAgeMs: number | null } | null;
  /**
   * Callbacks stored and acknowledged but not applied yet (the inbox), the age of the oldest, messages
   * waiting for their order to be registered, and the apply lag (received → applied) over the last 5 minutes.
   */
  inbox: { waiting: number; oldestAgeMs: number | null; waitingForOrder: number; applyLagP99Ms: number | null } | null;
}

function expectedMigrations(): number {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as { entries: unknown[] };
  return journal.entries.length;
}

/** For load balancers (status code) and the ops page (details). Never includes connection strings. */
export async function getHealth(open: () => Promise<{ db: Db; driver: DriverName }>): Promise<Health> {
  const expected = expectedMigrations();
  const time = new Date().toISOString();
  let handle: { db: Db; driver: DriverName };
  const t0 = Date.now();
  try {
    handle = await open();
    await handle.db.execute(sql`select 1`);
  } catch (e) {
    return {
      status: "down",
      time,
      database: { ok: false, driver: null, latencyMs: null, error: (e as Error).message.split("\n")[0]!.replace(/\/\/[^@\s]*@/g, "//***@").slice(0, 200) },
      migrations: { applied: null, expected, current: false },
      jobs: null,
      inbox: null,
    };
  }
  const latencyMs = Date.now() - t0;
  const { db } = handle;
  const [m] = rowsOf<{ n: number | string }>(await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`).catch(() => ({ rows: [{ n: 0 }] })));
  const applied = Number(m?.n ?? 0);
  const [j] = rowsOf<Record<string, number | string | null>>(
    await db.execute(sql`
      select
        count(*) filter (where status = 'pending')::int as pending,
        count(*) filter (where status = 'pending' and run_at <= now())::int as due,
        count(*) filter (where status = 'running')::int as running,
        count(*) filter (where status = 'dead')::int as dead,
        (extract(epoch from (now() - min(run_at) filter (where status = 'pending' and run_at <= now()))) * 1000)::bigint as oldest
      from jobs`),
  );
  const jobs = {
    pending: Number(j?.pending ?? 0),
    due: Number(j?.due ?? 0),
    running: Number(j?.running ?? 0),
    dead: Number(j?.dead ?? 0),
    oldestDueAgeMs: j?.oldest == null ? null : Number(j.oldest),
  };
  const [ib] = rowsOf<Record<string, number | string | null>>(
    await db.execute(sql`
      select
        (select count(*) from callback_events where verification = 'verified' and outcome = 'received')::int as waiting,
        (select (extract(epoch from (now() - min(received_at))) * 1000)::bigint from callback_events
          where verification = 'verified' and outcome = 'received') as oldest,
        (select count(*) from callback_events where outcome = 'unknown_order')::int as waiting_for_order,
        (select percentile_disc(0.99) within group (order by processing_ms) from callback_events
          where received_at > now() - interval '5 minutes' and source = 'notify' and verification = 'verified' and outcome <> 'received') as lag`),
  );
  const inbox = {
    waiting: Number(ib?.waiting ?? 0),
    oldestAgeMs: ib?.oldest == null ? null : Number(ib.oldest),
    waitingForOrder: Number(ib?.waiting_for_order ?? 0),
    applyLagP99Ms: ib?.lag == null ? null : Number(ib.lag),
  };
  const current = applied === expected;
  return {
    status: current ? "ok" : "degraded",
    time,
    database: { ok: true, driver: handle.driver, latencyMs },
    migrations: { applied, expected, current },
    jobs,
    inbox,
  };
}
