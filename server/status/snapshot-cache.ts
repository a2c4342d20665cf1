import "server-only";

export interface SnapshotCacheOptions<T> {
  load: () => Promise<T>;
  /** Older than this, a read starts a background refresh (and still answers from memory). */
  maxAgeMs: number;
  now?: () => number;
  onError?: (error: unknown) => void;
}

export interface SnapshotCache<T> {
  /** The held value; only the very first read (nothing held yet) waits for the loader. */
  get(): Promise<T>;
  /** Reload now (after a change in this process); a load already running is followed by one more. */
  invalidate(): Promise<void>;
}

/**
 * A value held in memory and reloaded in the background: single-flight (one load at a time, however many
 * readers), at most every `maxAgeMs` while read, at once on invalidate. A failed reload keeps the old value
 * (a status page that still answers during a database hiccup is the point) and is retried on a later read.
 */
export function createSnapshotCache<T>(opts: SnapshotCacheOptions<T>): SnapshotCache<T> {
  const now = opts.now ?? Date.now;
  let held: { value: T; loadedAt: number } | undefined;
  let inflight: Promise<void> | undefined;
  let again = false;

  const run = (how: { changed: boolean }): Promise<void> => {
    if (inflight) {
      // A change committed after this load started may not be in it: load once more when it ends.
      if (how.changed) again = true;
      return inflight;
    }
    const startedAt = now();
    inflight = opts
      .load()
      .then((value) => {
        held = { value, loadedAt: startedAt };
      })
      .finally(() => {
        inflight = undefined;
        if (again) {
          again = false;
          void run({ changed: false }).catch(opts.onError ?? (() => undefined));
        }
      });
    return inflight;
  };

  return {
    async get() {
      if (!held) {
        await run({ changed: false });
        return held!.value;
      }
      if (now() - held.loadedAt >= opts.maxAgeMs && !inflight) void run({ changed: false }).catch(opts.onError ?? (() => undefined));
      return held.value;
    },
    async invalidate() {
      // Nobody has read it in this process (a worker, a script): nothing to refresh.
      if (!held && !inflight) return;
      await run({ changed: true }).catch(opts.onError ?? (() => undefined));
    },
  };
}
