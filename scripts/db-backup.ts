import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chooseDriver } from "@/db/client";
import { getEnv } from "@/server/env";

// `npm run db:backup [-- file]` and `npm run db:restore -- <file>`.
// The embedded PGlite database is a directory; a backup is PGlite's own dumpDataDir() tarball, which a new
// PGlite loads back with `loadDataDir`. PostgreSQL (and Neon) have pg_dump/pg_restore, which are better than
// anything we could write, so for them we print the commands.

/** Written by PGlite while a process has the directory open, removed on a clean close. */
const LOCK_FILE = "postmaster.pid";

export class DirectoryInUseError extends Error {}

function utcStamp(d = new Date()): string {
  return d.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z"); // 20261125T221500Z
}

function assertNotInUse(dir: string, force: boolean): void {
  // Two PGlite instances on one directory corrupt it, and PGlite itself does not stop the second one.
  if (!force && existsSync(path.join(dir, LOCK_FILE))) {
    throw new DirectoryInUseError(
      `${dir} is open in another process (the portal, \`npm run dev\`/\`demo\`/\`start\`?): stop it first. ` +
        `If nothing is running (it crashed), the lock is stale: re-run with --force.`,
    );
  }
}

export async function backupPglite(dir: string, file: string, opts: { force?: boolean } = {}): Promise<{ file: string; bytes: number }> {
  if (!existsSync(path.join(dir, "PG_VERSION"))) throw new Error(`${dir} is not a PGlite database directory`);
  assertNotInUse(dir, opts.force ?? false);
  const { PGlite } = await import("@electric-sql/pglite");
  const db = await PGlite.create({ dataDir: dir });
  try {
    const blob = await db.dumpDataDir("gzip");
    const bytes = Buffer.from(await blob.arrayBuffer());
    mkdirSync(path.dirname(file), { recursive: true });
    // Write-then-rename so a crash never leaves a truncated file under the final name.
    writeFileSync(`${file}.partial`, bytes);
    renameSync(`${file}.partial`, file);
    return { file, bytes: bytes.length };
  } finally {
    await db.close();
  }
}

export async function restorePglite(
  dir: string,
  file: string,
  opts: { force?: boolean; now?: Date } = {},
): Promise<{ movedAsideTo?: string; migrations: number }> {
  if (!existsSync(file) || !statSync(file).isFile()) throw new Error(`backup file ${file} not found`);
  assertNotInUse(dir, opts.force ?? false);
  const { PGlite } = await import("@electric-sql/pglite");
  const tarball = new Blob([readFileSync(file)]);
  // Keep the current database rather than overwrite it: a wrong file must not cost the data.
  let movedAsideTo: string | undefined;
  if (existsSync(dir)) {
    movedAsideTo = `${dir}.bak-${utcStamp(opts.now)}`;
    renameSync(dir, movedAsideTo);
  }
  try {
    mkdirSync(dir, { recursive: true });
    const db = await PGlite.create({ dataDir: dir, loadDataDir: tarball });
    try {
      const res = await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations",
      );
      return { movedAsideTo, migrations: res.rows[0]?.n ?? 0 };
    } finally {
      await db.close();
    }
  } catch (e) {
    // Not a usable backup: put the old directory back as it was.
    if (movedAsideTo) {
      renameSync(dir, `${dir}.failed-restore-${utcStamp()}`);
      renameSync(movedAsideTo, dir);
    }
    throw e;
  }
}

function postgresInstructions(): string {
  const stamp = utcStamp();
  return [
    "DATABASE_URL points at PostgreSQL: use pg_dump / pg_restore (client version >= the server's).",
    "The URL holds the password, so pass it from the environment rather than typing it:",
    "",
    "  # backup (custom format: compressed, restorable selectively)",
    `  pg_dump --format=custom --no-owner --no-privileges --file=payops-${stamp}.dump "$DATABASE_URL"`,
    "",
    "  # restore into an empty database (stop the portal and workers first)",
    `  pg_restore --no-owner --no-privileges --exit-on-error --dbname="$DATABASE_URL" payops-${stamp}.dump`,
    "",
    "  # or replace the objects of an existing database",
    `  pg_restore --clean --if-exists --no-owner --no-privileges --dbname="$DATABASE_URL" payops-${stamp}.dump`,
    "",
    "On Neon, branches and point-in-time restore (console or `neonctl branches create --parent <time>`) are",
    "usually faster than a dump; see docs/deploy.md.",
  ].join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const force = rest.includes("--force");
  const fileArg = rest.find((a) => !a.startsWith("--"));
  const env = getEnv();
  const driver = chooseDriver(env.DATABASE_URL, env.DATABASE_DRIVER);
  if (command !== "backup" && command !== "restore") {
    console.error("usage: tsx scripts/db-backup.ts backup [file] [--force] | restore <file> [--force]");
    return 64;
  }
  if (driver !== "pglite") {
    console.log(postgresInstructions());
    return 0;
  }
  const dir = path.resolve(env.DATABASE_URL?.startsWith("pglite:") ? env.DATABASE_URL.slice("pglite:".length) : env.PGLITE_DIR);
  try {
    if (command === "backup") {
      const file = path.resolve(fileArg ?? path.join(".data", "backups", `payops-${utcStamp()}.tar.gz`));
      const { bytes } = await backupPglite(dir, file, { force });
      console.log(`db:backup: ${dir} → ${file} (${(bytes / 1024 / 1024).toFixed(1)} MiB)`);
    } else {
      if (!fileArg) {
        console.error("db:restore: which file? npm run db:restore -- .data/backups/payops-<stamp>.tar.gz");
        return 64;
      }
      const { movedAsideTo, migrations } = await restorePglite(dir, path.resolve(fileArg), { force });
      console.log(
        `db:restore: ${path.resolve(fileArg)} → ${dir} (${migrations} migrations recorded)` +
          (movedAsideTo ? `\nthe previous database is kept at ${movedAsideTo}; delete it when satisfied` : ""),
      );
      console.log("Start the portal: pending migrations of a newer release are applied on start (or run npm run db:migrate).");
    }
    return 0;
  } catch (e) {
    console.error(`db:${command} failed: ${(e as Error).message}`);
    return e instanceof DirectoryInUseError ? 3 : 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
