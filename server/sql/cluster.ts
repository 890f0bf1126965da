// Maintenance in cluster mode (cluster-config.ts): the statements that act on
// the rows a server holds must run on the servers holding them, and wait for
// the replicas, without hanging on a replica that is down.
//
// - OPTIMIZE … PARTITION … FINAL (the deduplication merge of sql/README.md)
//   runs on one replica of every shard for a sharded table (on its
//   `<name>_local`), on one server for a fully replicated table; the merge is
//   replicated to the other replicas through ZooKeeper.
//   TRICKY: on 18.16 OPTIMIZE of a replicated table waits for *every*
//   replica, down ones included (it hangs until they return), unless
//   replication_alter_partitions_sync = 0, and OPTIMIZE … ON CLUSTER is run
//   by each server's DDL worker with that server's default settings (so it
//   hangs the same way, and blocks every later ON CLUSTER query of that
//   server). So OPTIMIZE is sent to a server of each shard directly with
//   replication_alter_partitions_sync = 0, and the wait is ours:
//   SYSTEM SYNC REPLICA on every replica that answers (it pulls the
//   replication log, then waits until its queue is done). A replica that is
//   down merges when it comes back, before it counts as fresh again.
// - syncReplicas: every answering server has fetched and merged everything
//   its replication log holds; an import calls it before it commits its run.
//
// The servers are reached over HTTP: CLICKHOUSE_CLUSTER_NODES, or the hosts
// of system.clusters at CLICKHOUSE_URL's port. Each one's shard and replica
// come from its macros ({shard}, {replica}: the schema's ZooKeeper paths use them).
import type { Db } from './client.ts';
import { isShardedTable, localTableOf } from './cluster-config.ts';
import { int, raw, sql, str, type Sql } from './literal.ts';
import { pingServer } from './ping.ts';
import { isClickHouseUnavailable } from './unavailable.ts';

export interface ClusterNode {
  url: string;
  db: Db;
  /** Its {shard} macro. */
  shard: string;
  /** Its {replica} macro. */
  replica: string;
}

interface Topology {
  urls: string[];
  /** Number of shards in remote_servers. */
  shards: number;
  macros: Map<string, { shard: string; replica: string }>;
}

const topologies = new WeakMap<Db, Promise<Topology>>();

function clusterOf(db: Db) {
  if (!db.cluster) throw new Error('not in cluster mode (CLICKHOUSE_CLUSTER is unset)');
  return db.cluster;
}

async function loadTopology(db: Db): Promise<Topology> {
  const cluster = clusterOf(db);
  const hosts = await db.query<{ host_name: string; port: number; shard_num: number }>(
    sql`SELECT host_name, port, shard_num FROM system.clusters WHERE cluster = ${str(cluster.name)}`,
  );
  if (hosts.length === 0) throw new Error(`cluster ${cluster.name} is not in remote_servers of ${db.url}`);
  const shards = new Set(hosts.map((h) => Number(h.shard_num))).size;
  let urls = cluster.nodes;
  if (!urls) {
    const base = new URL(db.url);
    urls = [...new Set(hosts.map((h) => `${base.protocol}//${h.host_name}:${base.port || (base.protocol === 'https:' ? 443 : 80)}`))];
    if (urls.length < hosts.length) {
      throw new Error(`cluster ${cluster.name} has several servers on one host: set CLICKHOUSE_CLUSTER_NODES to their HTTP URLs`);
    }
  }
  return { urls, shards, macros: new Map() };
}

const topology = (db: Db): Promise<Topology> => {
  let t = topologies.get(db);
  if (!t) {
    t = loadTopology(db);
    t.catch(() => topologies.delete(db));
    topologies.set(db, t);
  }
  return t;
};

/** The servers of the cluster that answer now, in configuration order. */
export async function reachableNodes(db: Db): Promise<ClusterNode[]> {
  const t = await topology(db);
  const nodes: ClusterNode[] = [];
  for (const url of t.urls) {
    if (!(await pingServer(url, 2000))) continue;
    const node = db.nodeClient(url);
    let m = t.macros.get(url);
    if (!m) {
      try {
        const rows = await node.query<{ macro: string; substitution: string }>(raw('SELECT macro, substitution FROM system.macros'));
        const get = (k: string) => rows.find((r) => r.macro === k)?.substitution;
        const shard = get('shard');
        const replica = get('replica');
        if (shard === undefined || replica === undefined) throw new Error(`${url} has no {shard} and {replica} macros`);
        m = { shard, replica };
        t.macros.set(url, m);
      } catch (err) {
        if (isClickHouseUnavailable(err)) continue;
        throw err;
      }
    }
    nodes.push({ url, db: node, ...m });
  }
  return nodes;
}

/**
 * The replica sets holding a table's rows: one per shard (each with the
 * servers of that shard that answer) for a sharded table, one set of every
 * answering server for a fully replicated one. Throws when a shard has no
 * server that answers: its rows cannot be reached.
 */
export async function replicaSets(db: Db, table: string): Promise<ClusterNode[][]> {
  const nodes = await reachableNodes(db);
  if (!isShardedTable(table)) {
    if (nodes.length === 0) throw new Error('no server of the cluster answers');
    return [nodes];
  }
  const byShard = new Map<string, ClusterNode[]>();
  for (const n of nodes) byShard.set(n.shard, [...(byShard.get(n.shard) ?? []), n]);
  const { shards } = await topology(db);
  if (byShard.size < shards) {
    throw new Error(`${shards - byShard.size} of the ${shards} shards of cluster ${clusterOf(db).name} have no server that answers`);
  }
  return [...byShard.values()];
}

const qualified = (db: Db, table: string): Sql => raw(`${db.database}.${table}`);

/** SYSTEM SYNC REPLICA of `tables` (local names) on each node; a node that stopped answering is skipped. */
async function syncNodes(nodes: readonly ClusterNode[], tables: readonly string[] | null): Promise<void> {
  await Promise.all(nodes.map(async (n) => {
    try {
      const names = tables ?? (await n.db.query<{ table: string }>(
        raw('SELECT table FROM system.replicas WHERE database = currentDatabase() ORDER BY table'),
      )).map((r) => r.table);
      for (const t of names) await n.db.command(sql`SYSTEM SYNC REPLICA ${qualified(n.db, t)}`);
    } catch (err) {
      if (!isClickHouseUnavailable(err)) throw err;
    }
  }));
}

/**
 * Waits until every server that answers has fetched and merged everything
 * its replication log holds, for `tables` (the names queries use; default:
 * every replicated table of the database).
 */
export async function syncReplicas(db: Db, tables?: readonly string[]): Promise<void> {
  const nodes = await reachableNodes(db);
  await syncNodes(nodes, tables ? [...new Set(tables.map(localTableOf))] : null);
}

async function activeParts(node: ClusterNode, table: string, partition: number): Promise<number> {
  const partitionText = partition === 0 ? 'tuple()' : String(partition);
  try {
    const rows = await node.db.query<{ n: string }>(
      sql`SELECT count() AS n FROM system.parts WHERE database = currentDatabase() AND table = ${str(table)}
          AND active AND partition = ${str(partitionText)}`,
    );
    return Number(rows[0]?.n ?? 0);
  } catch (err) {
    if (isClickHouseUnavailable(err)) return 0;
    throw err;
  }
}

/**
 * OPTIMIZE TABLE … [PARTITION p] FINAL of `table` (0 = the whole table) on
 * every shard, returning once every replica that answers has merged it.
 */
export async function optimizeOnCluster(db: Db, table: string, partition: number): Promise<void> {
  const local = localTableOf(table);
  const target = partition === 0
    ? sql`OPTIMIZE TABLE ${qualified(db, local)} FINAL`
    : sql`OPTIMIZE TABLE ${qualified(db, local)} PARTITION ${int(partition)} FINAL`;
  for (const replicas of await replicaSets(db, table)) {
    // Every replica first fetches what the log holds, so the merge covers every part.
    await syncNodes(replicas, [local]);
    // As in single-server mode (etl/load/optimize.ts): OPTIMIZE returns
    // silently when no merge can be assigned; make it throw and retry, and
    // an empty partition has nothing to merge. A replica that stops
    // answering hands over to the next one.
    for (let attempt = 1; ; attempt++) {
      const node = replicas[(attempt - 1) % replicas.length]!;
      try {
        await node.db.command(target, { optimize_throw_if_noop: 1, replication_alter_partitions_sync: 0 });
        break;
      } catch (err) {
        const parts = await Promise.all(replicas.map((r) => activeParts(r, local, partition)));
        if (parts.every((n) => n === 0)) break;
        if (attempt >= 20) throw err;
        await new Promise((r) => setTimeout(r, 250 * attempt));
      }
    }
    await syncNodes(replicas, [local]);
  }
}
