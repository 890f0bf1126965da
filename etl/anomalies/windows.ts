// Sliding windows of the per-actor anomaly rules (offhours_bulk, repeat_bad):
// "a … is flagged when some window [t, t + w] (both ends included) holds it
// and ≥ min − 1 others" (metrics.md). Two pointers over sorted times, O(n).
//
// Only windows starting at a member need checking: sliding any window's start
// forward to its earliest member keeps every member inside.

/** The members times[from..to] (inclusive) of a qualifying window [times[from], times[from] + width]. */
export interface WindowSpan {
  from: number;
  to: number;
}

/**
 * For times sorted ascending: per index, the first qualifying window (the one
 * starting earliest) that contains it, or null when no window holding ≥ `min`
 * members contains it.
 */
export function denseWindows(times: readonly number[], width: number, min: number): Array<WindowSpan | null> {
  const n = times.length;
  const out: Array<WindowSpan | null> = new Array<WindowSpan | null>(n).fill(null);
  for (let i = 1; i < n; i++) {
    if (times[i]! < times[i - 1]!) throw new RangeError('denseWindows: times must be sorted ascending');
  }
  let j = 0;
  let marked = -1; // every index ≤ marked already has its window
  for (let i = 0; i < n; i++) {
    if (j < i) j = i;
    while (j + 1 < n && times[j + 1]! - times[i]! <= width) j++;
    if (j - i + 1 >= min) {
      const span = { from: i, to: j };
      for (let k = Math.max(i, marked + 1); k <= j; k++) out[k] = span;
      marked = Math.max(marked, j);
    }
  }
  return out;
}
