// The ClickHouse connection: CLICKHOUSE_URL (default: the project's local
// server) and CLICKHOUSE_DB (default 'tianping'); CLICKHOUSE_CLUSTER selects
// cluster mode (cluster-config.ts). All queries pass through `Db`, which takes
// only `Sql` built by literal.ts.
import { Readable } from 'node:stream';
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { clusterFromEnv, clusterQuerySettings, validClusterConfig, type ClusterConfig } from './cluster-config.ts';
import type { Sql } from './literal.ts';
import { qualifyTables } from './qualify.ts';

export const DEFAULT_LOCAL_URL = `http://127.0.0.1:${process.env.TIANPING_CH_HTTP_PORT ?? 18123}`;

export interface DbOptions {
  url?: string;
  database?: string;
  /** Cluster mode; default from CLICKHOUSE_CLUSTER (null = single server). */
  cluster?: ClusterConfig | null;
}

// Large IN lists (batch lookups) exceed the default 256 KiB query size.
const QUERY_SETTINGS = { max_query_size: '67108864' } as const;

export class Db {
  readonly client: ClickHouseClient;
  readonly database: string;
  readonly url: string;
  readonly cluster: ClusterConfig | null;
  /** Clients of single servers of the cluster (nodeClient), closed with this one. */
  readonly #nodes = new Map<string, Db>();

  constructor(opts: DbOptions = {}) {
    this.url = opts.url ?? process.env.CLICKHOUSE_URL ?? DEFAULT_LOCAL_URL;
    this.database = opts.database ?? process.env.CLICKHOUSE_DB ?? 'tianping';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(this.database)) throw new Error(`invalid database name: ${this.database}`);
    this.cluster = opts.cluster === undefined ? clusterFromEnv() : opts.cluster && validClusterConfig(opts.cluster);
    this.client = createClient({
      url: this.url,
      database: this.database,
      request_timeout: 300_000,
      compression: { request: false, response: true },
      clickhouse_settings: this.cluster ? { ...QUERY_SETTINGS, ...clusterQuerySettings(this.cluster) } : QUERY_SETTINGS,
      // Our own logger reports failures; the client would log the same failures again.
      log: { level: ClickHouseLogLevel.OFF },
    });
  }

  /** The text sent: in cluster mode with every table qualified by the database (qualify.ts). */
  #text(q: Sql): string {
    return this.cluster ? qualifyTables(q.text, this.database) : q.text;
  }

  async query<T>(q: Sql): Promise<T[]> {
    const rs = await this.client.query({ query: this.#text(q), format: 'JSONEachRow' });
    return rs.json<T>();
  }

  /** Streams rows of a query, for reads too large to hold at once. */
  async *stream<T>(q: Sql): AsyncGenerator<T> {
    const rs = await this.client.query({ query: this.#text(q), format: 'JSONEachRow' });
    for await (const rows of rs.stream()) {
      for (const row of rows) yield row.json<T>();
    }
  }

  async command(q: Sql, settings: Record<string, string | number> = {}): Promise<void> {
    await this.client.command({ query: this.#text(q), clickhouse_settings: settings });
  }

  async insert(table: string, rows: readonly object[]): Promise<void> {
    if (rows.length === 0) return;
    await this.client.insert({ table, values: rows as object[], format: 'JSONEachRow' });
  }

  /**
   * Inserts rows already encoded as TabSeparated text (etl/load/tsv.ts), the
   * columns named explicitly: bulk loads, where JSONEachRow costs twice the
   * bytes and more parsing on 18.16.
   */
  async insertTabSeparated(table: string, columns: readonly string[], body: Buffer): Promise<void> {
    if (body.length === 0) return;
    await this.client.insert({
      table,
      columns: columns as [string, ...string[]],
      values: Readable.from([body], { objectMode: false }),
      format: 'TabSeparated',
    });
  }

  async ping(): Promise<boolean> {
    const r = await this.client.ping();
    return r.success;
  }

  /** Cluster mode: a client of one server of the cluster, same database and settings (cached). */
  nodeClient(url: string): Db {
    let node = this.#nodes.get(url);
    if (!node) {
      node = new Db({ url, database: this.database, cluster: this.cluster });
      this.#nodes.set(url, node);
    }
    return node;
  }

  async close(): Promise<void> {
    const nodes = [...this.#nodes.values()];
    this.#nodes.clear();
    await Promise.all([this.client.close(), ...nodes.map((n) => n.close())]);
  }
}
