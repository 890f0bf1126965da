// The ClickHouse connection: CLICKHOUSE_URL (default: the project's local
// server) and CLICKHOUSE_DB (default 'tianping'). All queries pass through
// `Db`, which takes only `Sql` built by literal.ts.
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import type { Sql } from './literal.ts';

export const DEFAULT_LOCAL_URL = `http://127.0.0.1:${process.env.TIANPING_CH_HTTP_PORT ?? 18123}`;

export interface DbOptions {
  url?: string;
  database?: string;
}

// Large IN lists (batch lookups) exceed the default 256 KiB query size.
const QUERY_SETTINGS = { max_query_size: '67108864' } as const;

export class Db {
  readonly client: ClickHouseClient;
  readonly database: string;
  readonly url: string;

  constructor(opts: DbOptions = {}) {
    this.url = opts.url ?? process.env.CLICKHOUSE_URL ?? DEFAULT_LOCAL_URL;
    this.database = opts.database ?? process.env.CLICKHOUSE_DB ?? 'tianping';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(this.database)) throw new Error(`invalid database name: ${this.database}`);
    this.client = createClient({
      url: this.url,
      database: this.database,
      request_timeout: 300_000,
      compression: { request: false, response: true },
      clickhouse_settings: QUERY_SETTINGS,
      // Our own logger reports failures; the client would log the same failures again.
      log: { level: ClickHouseLogLevel.OFF },
    });
  }

  async query<T>(q: Sql): Promise<T[]> {
    const rs = await this.client.query({ query: q.text, format: 'JSONEachRow' });
    return rs.json<T>();
  }

  /** Streams rows of a query, for reads too large to hold at once. */
  async *stream<T>(q: Sql): AsyncGenerator<T> {
    const rs = await this.client.query({ query: q.text, format: 'JSONEachRow' });
    for await (const rows of rs.stream()) {
      for (const row of rows) yield row.json<T>();
    }
  }

  async command(q: Sql, settings: Record<string, string | number> = {}): Promise<void> {
    await this.client.command({ query: q.text, clickhouse_settings: settings });
  }

  async insert(table: string, rows: readonly object[]): Promise<void> {
    if (rows.length === 0) return;
    await this.client.insert({ table, values: rows as object[], format: 'JSONEachRow' });
  }

  async ping(): Promise<boolean> {
    const r = await this.client.ping();
    return r.success;
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
