// Support of the cluster stage: databases on the local test cluster, clients
// of single servers, replicas stopped and started, per-server counts.
import { randomBytes } from 'node:crypto';
import { Db } from '../../server/sql/client.ts';
import type { ClusterConfig } from '../../server/sql/cluster-config.ts';
import { ident, raw, sql, str } from '../../server/sql/literal.ts';
import { localCluster, nodeUrl, startNode, stopNode, type ClusterNode } from '../../sql/local/cluster.ts';
import { migrate } from '../../sql/migrate.ts';

export const CLUSTER = localCluster();
export const NODES = CLUSTER.nodes;
export const CLUSTER_CONFIG: ClusterConfig = {
  name: CLUSTER.name,
  nodes: NODES.map(nodeUrl),
  insertQuorum: 1,
};

export interface ClusterDb {
  /** The product's client in cluster mode, talking to the first server. */
  db: Db;
  name: string;
  /** A plain client of one server (no cluster settings), for what that server holds locally. */
  on(node: ClusterNode): Db;
  drop(): Promise<void>;
}

/** A fresh database migrated in cluster mode, dropped ON CLUSTER afterwards. */
export async function freshClusterDatabase(prefix: string): Promise<ClusterDb> {
  const name = `tianping_${prefix}_${randomBytes(4).toString('hex')}`;
  const url = nodeUrl(NODES[0]!);
  await migrate({ url, database: name, cluster: CLUSTER_CONFIG });
  const db = new Db({ url, database: name, cluster: CLUSTER_CONFIG });
  const plain = new Map<string, Db>();
  return {
    db,
    name,
    on(node) {
      let c = plain.get(node.name);
      if (!c) {
        c = new Db({ url: nodeUrl(node), database: name, cluster: null });
        plain.set(node.name, c);
      }
      return c;
    },
    async drop() {
      await db.command(sql`DROP DATABASE IF EXISTS ${ident(name, [name])} ON CLUSTER ${ident(CLUSTER.name, [CLUSTER.name])}`);
      await Promise.all([db.close(), ...[...plain.values()].map((c) => c.close())]);
    },
  };
}

export const stopReplica = (node: ClusterNode): Promise<void> => stopNode(node);
export const startReplica = (node: ClusterNode): Promise<string> => startNode(CLUSTER, node);

/** Rows of a table held by one server itself (its local table), no deduplication. */
export async function localCount(c: ClusterDb, node: ClusterNode, table: string): Promise<number> {
  const [r] = await c.on(node).query<{ n: string }>(raw(`SELECT count() AS n FROM ${table}`));
  return Number(r?.n ?? 0);
}

/** Waits until every server has fetched and merged what its replication log holds. */
export async function syncAll(c: ClusterDb): Promise<void> {
  for (const node of NODES) {
    const d = c.on(node);
    const tables = await d.query<{ table: string }>(sql`SELECT table FROM system.replicas WHERE database = ${str(c.name)}`);
    for (const t of tables) await d.command(raw(`SYSTEM SYNC REPLICA ${c.name}.${t.table}`));
  }
}
