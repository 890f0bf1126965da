// A short-lived cache of query results (performance issue): keyed by the
// exact SQL text — which already contains the caller's compiled scope and
// filters, so one scope can never be served another's rows — and the data
// watermark (engine/read-path.ts), so any new part in a table the query may
// read makes every older entry unreachable. Identical queries in flight share
// one round trip. TIANPING_RESULT_CACHE=off disables it (the benchmark
// measures both).
import { createHash } from 'node:crypto';
import type { Db } from './client.ts';

export interface ResultCacheOptions {
  ttlMs: number;
  maxEntries: number;
}

interface Entry {
  expires: number;
  value: Promise<unknown>;
}

export class ResultCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly opts: ResultCacheOptions) {}

  /** The cached result of `run` for (database, watermark, sql), computing it once. */
  get<T>(scopeKey: string, watermark: string, sqlText: string, run: () => Promise<T>, now = Date.now()): Promise<T> {
    const key = createHash('sha256').update(`${scopeKey}\u0000${watermark}\u0000${sqlText}`).digest('hex');
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) {
      // Refresh recency: Map iteration order is insertion order (LRU eviction below).
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value as Promise<T>;
    }
    const value = run();
    this.entries.set(key, { expires: now + this.opts.ttlMs, value });
    // A failed query is not remembered.
    value.catch(() => this.entries.delete(key));
    while (this.entries.size > this.opts.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}

export const resultCacheEnabled = (): boolean => (process.env.TIANPING_RESULT_CACHE ?? 'on') !== 'off';

/** The process-wide cache of query results (metrics and case lists). */
export const QUERY_RESULTS = new ResultCache({ ttlMs: 5 * 60_000, maxEntries: 2_000 });

/**
 * `run`'s result for `key` in `db` through QUERY_RESULTS, or `run()` itself
 * when the cache is off or there is no watermark (null: it cannot see every
 * write, e.g. on a cluster).
 */
export function cachedResult<T>(db: Db, watermark: string | null, key: string, run: () => Promise<T>): Promise<T> {
  return watermark !== null && resultCacheEnabled() ? QUERY_RESULTS.get(`${db.url}/${db.database}`, watermark, key, run) : run();
}
