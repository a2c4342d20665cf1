import pg from "pg";

// One template per test run, so two runs against one server do not drop each other's databases.
export const TEMPLATE_DB = `payops_tpl_${process.env.PAYOPS_TEST_RUN_ID ?? (process.env.PAYOPS_TEST_RUN_ID = `${process.pid}`)}`;

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Drops and re-creates the template database and migrates it. */
export async function prepareTemplateDatabase(adminUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();
  const { openDb } = await import("../db/client");
  const handle = await openDb({ driver: "pg", url: withDatabase(adminUrl, TEMPLATE_DB), poolMax: 1 });
  await handle.close();
}

/** A fresh database cloned from the template, for one test file. */
export async function createDatabaseFromTemplate(adminUrl: string, template: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `payops_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  await admin.end();
  return {
    url: withDatabase(adminUrl, name),
    async drop() {
      await dropForce(adminUrl, name);
    },
  };
}

/**
 * DROP … WITH (FORCE) terminates the other sessions on the database. An autovacuum worker that has just
 * started on a busy test database belongs to no role, so a role that is not a member of pg_signal_backend
 * (CI's test role is granted it) is refused with 42501; the worker is gone a moment later, so retry.
 */
async function dropForce(adminUrl: string, name: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        return;
      } catch (e) {
        if ((e as { code?: string }).code !== "42501" || attempt >= 20) throw e;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  } finally {
    await c.end();
  }
}

/** Whether a process of this machine still runs (EPERM: it does, as another user). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === "EPERM";
  }
}

/**
 * The databases earlier runs on this machine left behind: a run killed before its teardown, or a StrykerJS
 * runner stopped on a timeout, never drops its template or its files' databases. Each name carries the pid
 * of the process that created it, so a database is dropped only when that process is gone and nobody is
 * connected to it. Only for a server on this machine: a pid means nothing on another host, where another
 * machine's live run may own the database. Only databases this role may drop (it is a member of their owner's
 * role). Returns the names dropped.
 */
export async function dropAbandonedDatabases(adminUrl: string, isAlive: (pid: number) => boolean = processAlive): Promise<string[]> {
  const host = new URL(adminUrl).hostname;
  if (!["", "localhost", "127.0.0.1", "[::1]"].includes(host)) return [];
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    const { rows } = await c.query<{ datname: string; pid: number }>(
      String.raw`SELECT d.datname, substring(d.datname from '^payops_(?:test|tpl)_([0-9]+)')::int AS pid FROM pg_database d
        WHERE d.datname ~ '^payops_(test_[0-9]+_[a-z0-9]+|tpl_[0-9]+)$'
          AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)
          AND pg_has_role(current_user, d.datdba, 'MEMBER')
        ORDER BY d.datname`,
    );
    const dropped: string[] = [];
    for (const { datname, pid } of rows) {
      if (isAlive(pid)) continue;
      try {
        // Without FORCE: a session that connected since the check (an autovacuum worker) keeps it for next time.
        await c.query(`DROP DATABASE IF EXISTS "${datname}"`);
        dropped.push(datname);
      } catch (e) {
        // Tidying must never stop a run.
        console.warn(`kept ${datname}: ${(e as Error).message}`);
      }
    }
    return dropped;
  } finally {
    await c.end();
  }
}

export async function dropTemplateDatabase(adminUrl: string): Promise<void> {
  await dropForce(adminUrl, TEMPLATE_DB);
}
