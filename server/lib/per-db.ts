import "server-only";
import type { Db } from "@/db/client";

/**
 * `create(db)` once per database handle, kept as long as the handle is: for state that belongs to the database
 * it reads or writes (a group committer, a cache). A process normally has one handle; tests swap handles between
 * files, and a reconnect makes a new one, so state built for an earlier handle never serves a later one.
 */
export function perDb<T>(create: (db: Db) => T): (db: Db) => T {
  const made = new WeakMap<Db, T>();
  return (db) => {
    if (!made.has(db)) made.set(db, create(db));
    return made.get(db)!;
  };
}
