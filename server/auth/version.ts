// Row versions for the append-only auth tables: microseconds since the epoch,
// strictly increasing within the process, so the row written last wins in
// argMax(…, version) and ReplacingMergeTree(version).
let last = 0;

export function nextVersion(): number {
  const candidate = Date.now() * 1000;
  last = candidate > last ? candidate : last + 1;
  return last;
}

export const toSeconds = (ms: number): number => Math.floor(ms / 1000);

/** ClickHouse renders DateTime('Asia/Shanghai') as 'YYYY-MM-DD hh:mm:ss' Beijing time; make it ISO 8601. */
export function beijingIso(text: string): string {
  return `${text.replace(' ', 'T')}+08:00`;
}

/** Today's date in Beijing, 'YYYY-MM-DD'. */
export function beijingToday(nowMs = Date.now()): string {
  return new Date(nowMs + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Epoch ms of 00:00 Beijing time on a 'YYYY-MM-DD' date. */
export function beijingMidnightMs(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) - 8 * 3_600_000;
}
