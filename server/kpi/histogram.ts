import "server-only";

// Fixed-bucket histograms (lib/kpi.ts bounds): bucket i holds values in [bounds[i-1], bounds[i]), bucket 0
// from 0, the last one open-ended. Summing is cell by cell; percentiles interpolate linearly inside the
// bucket the rank falls in (Prometheus histogram_quantile style) and return the lower edge of the open bucket.

/** Index of the bucket a value falls in. */
export function bucketOf(value: number, bounds: readonly number[]): number {
  let i = 0;
  while (i < bounds.length && value >= bounds[i]!) i++;
  return i;
}

/** An empty histogram for these bounds. */
export function emptyHist(bounds: readonly number[]): number[] {
  return new Array<number>(bounds.length + 1).fill(0);
}

/** Adds `hist` into `acc` cell by cell (a shorter or empty hist adds nothing where it has no cell). */
export function addHist(acc: number[], hist: readonly number[] | null | undefined): number[] {
  if (hist) for (let i = 0; i < hist.length && i < acc.length; i++) acc[i]! += Number(hist[i]);
  return acc;
}

/** The q-quantile (0..1) read from a histogram; null when it counts nothing. */
export function histQuantile(hist: readonly number[], bounds: readonly number[], q: number): number | null {
  const total = hist.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = q * total;
  let cum = 0;
  for (let i = 0; i < hist.length; i++) {
    const n = hist[i]!;
    if (n > 0 && cum + n >= rank) {
      const lo = i === 0 ? 0 : bounds[i - 1]!;
      if (i >= bounds.length) return lo;
      const hi = bounds[i]!;
      return Math.round(lo + ((hi - lo) * (rank - cum)) / n);
    }
    cum += n;
  }
  return bounds[bounds.length - 1] ?? null;
}
