import "server-only";
/**
 * Group commit: concurrent callers' items are written together — one multi-row statement, one commit —
 * instead of one transaction each. An item waits for at most one statement already in flight, so an idle
 * system adds no delay, and batches grow with the load by themselves.
 *
 * If a batch fails, its items are retried one by one, so one bad item (a value the database refuses) fails
 * alone and the others still commit. Every caller's promise settles only after its own row committed.
 */
export class GroupCommitter<T, R> {
  private queue: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly write: (items: T[]) => Promise<R[]>,
    private readonly opts: { maxBatch: number; maxInFlight: number },
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.opts.maxInFlight || this.queue.length === 0) return;
    this.scheduled = true;
    // Let the requests that arrived in the same turn of the event loop join this batch.
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (this.inFlight >= this.opts.maxInFlight || this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.opts.maxBatch);
    this.inFlight++;
    void this.writeBatch(batch).finally(() => {
      this.inFlight--;
      this.schedule();
    });
    this.schedule();
  }

  /** One write, refused unless it answers one result per item (a caller must never resolve with nothing). */
  private async writeChecked(items: T[]): Promise<R[]> {
    const results = await this.write(items);
    if (results.length !== items.length) throw new Error(`group commit: ${results.length} results for ${items.length} item${items.length === 1 ? "" : "s"}`);
    return results;
  }

  private async writeBatch(batch: typeof this.queue): Promise<void> {
    try {
      const results = await this.writeChecked(batch.map((b) => b.item));
      batch.forEach((b, i) => b.resolve(results[i]!));
      return;
    } catch (e) {
      if (batch.length === 1 || !isRowError(e)) {
        for (const b of batch) b.reject(e);
        return;
      }
    }
    // The batch rolled back as a whole: isolate the item that made it fail.
    for (const b of batch) {
      try {
        const [r] = await this.writeChecked([b.item]);
        b.resolve(r!);
      } catch (e) {
        b.reject(e);
      }
    }
  }
}

/**
 * A value the database refused (bad encoding, constraint), as opposed to the database being unreachable
 * or shutting down (SQLSTATE classes 08, 53, 57, or no SQLSTATE at all), where retrying each item alone
 * would only multiply the failures.
 */
function isRowError(e: unknown): boolean {
  for (let c: unknown = e, depth = 0; c && depth < 4; c = (c as { cause?: unknown }).cause, depth++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return !/^(08|53|57)/.test(code);
  }
  return false;
}
