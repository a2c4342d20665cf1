import { readFileSync } from "node:fs";
import { afterAll, beforeAll, inject } from "vitest";
import { openDb, setDbHandle, type Db, type DbHandle } from "@/db/client";
import { stopProcessInboxApplier } from "@/server/callbacks/inbox-applier";
import { TEMPLATE_FILE } from "./global-setup";
import { createDatabaseFromTemplate } from "./pg-template";

/** A migrated database of this test file's own: a PGlite clone, or a PostgreSQL database from the template. */
export async function createTestDb(opts: { poolMax?: number } = {}): Promise<DbHandle> {
  const pgUrl = inject("pgTemplateUrl");
  if (pgUrl) {
    const created = await createDatabaseFromTemplate(pgUrl, inject("pgTemplateName"));
    const handle = await openDb({ driver: "pg", url: created.url, poolMax: opts.poolMax ?? 10, migrate: false });
    return {
      ...handle,
      url: created.url,
      async close() {
        await handle.close();
        await created.drop();
      },
    } as DbHandle & { url: string };
  }
  const tarball = new Blob([readFileSync(TEMPLATE_FILE)]);
  return openDb({ driver: "pglite", loadDataDir: tarball, migrate: false });
}

/**
 * Registers beforeAll/afterAll hooks: one database for the file, installed as the process-wide handle so
 * route handlers and tRPC procedures under test use it. Returns a getter.
 */
export function useTestDb(): () => Db {
  let handle: DbHandle | undefined;
  beforeAll(async () => {
    handle = await createTestDb();
    setDbHandle(handle);
  });
  afterAll(async () => {
    // The in-process inbox applier is one per process and outlives the file that started it (test files share
    // their worker: vitest.config.ts). Left running, it polls this closed database and logs an error every
    // poll, into whichever file the worker runs next (a test counting log.error calls saw two of them).
    await stopProcessInboxApplier();
    setDbHandle(undefined);
    await handle?.close();
  });
  return () => {
    if (!handle) throw new Error("useTestDb: database not ready (use it inside tests)");
    return handle.db;
  };
}

export const isPostgresRun = () => Boolean(inject("pgTemplateUrl"));
