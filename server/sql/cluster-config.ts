// Cluster mode (README: "Running on a ClickHouse cluster"). With
// CLICKHOUSE_CLUSTER=<name> the schema lives on the cluster of that name in
// remote_servers: the fact tables below are sharded (a Replicated local table
// `<name>_local` on every shard and a Distributed table under the original
// name, so every query keeps reading `cases`, `steps`, `ratings`), and every
// other table is replicated in full to every server (sql/cluster-schema.ts).
// Unset: the single-server mode, unchanged.
//
// This file has no imports, so that client.ts and sql/cluster-schema.ts can
// share it.

/**
 * The sharded tables and their sharding keys. A case's row, steps, versions
 * and ratings land on one shard (ratings without a case by rating_id), so
 * ReplacingMergeTree deduplication and every per-case join stay shard-local;
 * `distributed_product_mode = 'local'` relies on that.
 */
export const SHARDED_TABLES: Readonly<Record<string, string>> = {
  cases: 'cityHash64(case_id)',
  steps: 'cityHash64(case_id)',
  ratings: `cityHash64(if(case_id = '', rating_id, case_id))`,
};

export const isShardedTable = (table: string): boolean => Object.hasOwn(SHARDED_TABLES, table);

/** The table that holds the rows on each server: `<name>_local` for a sharded table, else the table itself. */
export const localTableOf = (table: string): string => (isShardedTable(table) ? `${table}_local` : table);

export interface ClusterConfig {
  /** The cluster's name in the servers' remote_servers. */
  name: string;
  /**
   * HTTP URLs of every server of the cluster, for the maintenance that must
   * run on each shard or replica (OPTIMIZE, SYSTEM SYNC REPLICA). null: the
   * hosts of system.clusters at the HTTP port of CLICKHOUSE_URL.
   */
  nodes: string[] | null;
  /** insert_quorum: replicas that must have a block before an insert returns (1 = the one written to). */
  insertQuorum: number;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** CLICKHOUSE_CLUSTER, CLICKHOUSE_CLUSTER_NODES, CLICKHOUSE_INSERT_QUORUM; null when CLICKHOUSE_CLUSTER is unset. */
export function clusterFromEnv(env: NodeJS.ProcessEnv = process.env): ClusterConfig | null {
  const name = env.CLICKHOUSE_CLUSTER?.trim();
  if (!name) return null;
  if (!IDENT.test(name)) throw new Error(`invalid CLICKHOUSE_CLUSTER: ${name}`);
  const nodes = (env.CLICKHOUSE_CLUSTER_NODES ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const n of nodes) {
    if (!/^https?:\/\/[^\s/]+\/?$/.test(n)) throw new Error(`invalid URL in CLICKHOUSE_CLUSTER_NODES: ${n}`);
  }
  const quorum = env.CLICKHOUSE_INSERT_QUORUM === undefined || env.CLICKHOUSE_INSERT_QUORUM === ''
    ? 1 : Number(env.CLICKHOUSE_INSERT_QUORUM);
  if (!Number.isInteger(quorum) || quorum < 1) throw new Error(`CLICKHOUSE_INSERT_QUORUM must be an integer ≥ 1, got ${env.CLICKHOUSE_INSERT_QUORUM}`);
  return { name, nodes: nodes.length > 0 ? nodes.map((n) => n.replace(/\/$/, '')) : null, insertQuorum: quorum };
}

export function validClusterConfig(c: ClusterConfig): ClusterConfig {
  if (!IDENT.test(c.name)) throw new Error(`invalid cluster name: ${c.name}`);
  if (!Number.isInteger(c.insertQuorum) || c.insertQuorum < 1) throw new Error(`invalid insert quorum: ${c.insertQuorum}`);
  return c;
}

/**
 * The session settings of cluster mode, on every query:
 * - distributed_product_mode = 'local': an IN/JOIN subquery over a
 *   Distributed table inside a query over a Distributed table reads the
 *   shard's local table. Exact because of the co-location above (every
 *   such subquery in server/ and etl/ relates rows of one case).
 * - insert_distributed_sync = 1: an INSERT into a Distributed table returns
 *   only once every shard has written its rows, so whatever comes after an
 *   insert (the watermark, the run's commit) follows an acknowledged write.
 * - insert_quorum (> 1 only): that many replicas of the shard must have the
 *   block; 1 (the default) lets imports go on with one replica of a shard down.
 * - load_balancing = 'in_order': reads and writes go to the first healthy
 *   replica of each shard in remote_servers order, so the ETL reads what it
 *   has just written (asynchronous replication would otherwise let it
 *   classify a record against a replica that has not fetched its previous
 *   version yet); the other replicas take over when it is down.
 * - max_replica_delay_for_distributed_queries = 1: a replica with inserts it
 *   has not fetched for a second or more (one that just came back) is passed
 *   over while another replica is fresh (fallback_to_stale_replicas stays on).
 */
export function clusterQuerySettings(c: ClusterConfig): Record<string, string> {
  return {
    distributed_product_mode: 'local',
    insert_distributed_sync: '1',
    load_balancing: 'in_order',
    max_replica_delay_for_distributed_queries: '1',
    ...(c.insertQuorum > 1 ? { insert_quorum: String(c.insertQuorum) } : {}),
  };
}
