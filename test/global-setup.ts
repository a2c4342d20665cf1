import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";

export const TEMPLATE_FILE = path.resolve(".data/test/pglite-template.tar.gz");

/**
 * Migrates one database per run and lets every test file clone it: a PGlite tarball (0.7 s to load instead
 * of 4 s to initialise and migrate), or a PostgreSQL template database when TEST_DATABASE_URL is set.
 */
export default async function setup(project: TestProject) {
  const { openDb } = await import("../db/client");
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const { prepareTemplateDatabase, dropTemplateDatabase, dropAbandonedDatabases, TEMPLATE_DB } = await import("./pg-template");
    const abandoned = await dropAbandonedDatabases(url);
    if (abandoned.length) console.log(`dropped ${abandoned.length} database(s) left by earlier runs that were stopped: ${abandoned.join(", ")}`);
    await prepareTemplateDatabase(url);
    project.provide("pgTemplateUrl", url);
    project.provide("pgTemplateName", TEMPLATE_DB);
    return () => dropTemplateDatabase(url);
  }
  const handle = await openDb({ driver: "pglite" });
  const client = (handle.db as unknown as { $client: { dumpDataDir(c: "gzip"): Promise<Blob> } }).$client;
  const blob = await client.dumpDataDir("gzip");
  mkdirSync(path.dirname(TEMPLATE_FILE), { recursive: true });
  // Written aside and renamed: several vitest processes may share this directory (StrykerJS runners in
  // one sandbox, two `npm test` runs), and a reader must never load a half-written tarball.
  const partial = `${TEMPLATE_FILE}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await blob.arrayBuffer()));
  renameSync(partial, TEMPLATE_FILE);
  await handle.close();
  project.provide("pgTemplateUrl", "");
  project.provide("pgTemplateName", "");
}

declare module "vitest" {
  export interface ProvidedContext {
    pgTemplateUrl: string;
    pgTemplateName: string;
  }
}
