// A local ClickHouse cluster for development and the `cluster` test stage
// (`npm run cluster:start|stop`): one ZooKeeper (Debian's `zookeeper`
// package, run with a config and data dir of its own, never the system
// service) and 2 shards × 2 replicas of Debian's clickhouse-server, all on
// loopback ports of our own, everything under `.data/cluster/` (git-ignored).
//
// Each ClickHouse process is the project's ordinary local server
// (sql/local/db.ts: config.xml from sql/local/config.ts); the cluster parts
// — remote_servers, macros, zookeeper, interserver port, distributed DDL —
// go into `config.d/cluster.xml` beside it, which ClickHouse merges into
// config.xml at start-up.
//
// Ports (all overridable by env): ZooKeeper 12181; node k (1–4) HTTP
// 18200+k, TCP 19200+k, interserver HTTP 19300+k. Nodes 1, 2 are shard 1
// (replicas r1, r2), nodes 3, 4 shard 2.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT, localUrl, startLocalServer, stopLocalServer, type LocalServerOptions } from './db.ts';
import { pingServer } from '../../server/sql/ping.ts';
import { ensureDebianPackages } from './debian-packages.ts';
import { processAlive } from './process-alive.ts';

export const CLUSTER_DIR = resolve(PROJECT_ROOT, '.data/cluster');
const ZOOKEEPER_JAR = '/usr/share/java/zookeeper.jar';
const JAVA = '/usr/bin/java';

export interface ClusterNode extends LocalServerOptions {
  /** 'n1' … 'n4' */
  name: string;
  shard: number;
  /** replica name within its shard: 'r1', 'r2' */
  replica: string;
  interserverPort: number;
}

export interface LocalCluster {
  /** The cluster's name in remote_servers (what CLICKHOUSE_CLUSTER names). */
  name: string;
  dir: string;
  zookeeperPort: number;
  shards: number;
  replicas: number;
  nodes: ClusterNode[];
}

const envInt = (env: NodeJS.ProcessEnv, key: string, fallback: number): number => {
  const v = env[key];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0 || n > 65535) throw new Error(`${key} must be a port number, got ${v}`);
  return n;
};

/** The layout of the local test cluster (env: TIANPING_CLUSTER_ZK_PORT, _HTTP_BASE, _TCP_BASE, _INTERSERVER_BASE). */
export function localCluster(env: NodeJS.ProcessEnv = process.env): LocalCluster {
  const httpBase = envInt(env, 'TIANPING_CLUSTER_HTTP_BASE', 18200);
  const tcpBase = envInt(env, 'TIANPING_CLUSTER_TCP_BASE', 19200);
  const interBase = envInt(env, 'TIANPING_CLUSTER_INTERSERVER_BASE', 19300);
  const shards = 2;
  const replicas = 2;
  const nodes: ClusterNode[] = [];
  for (let s = 1; s <= shards; s++) {
    for (let r = 1; r <= replicas; r++) {
      const k = (s - 1) * replicas + r;
      nodes.push({
        name: `n${k}`, shard: s, replica: `r${r}`, dir: resolve(CLUSTER_DIR, `n${k}`),
        httpPort: httpBase + k, tcpPort: tcpBase + k, interserverPort: interBase + k,
      });
    }
  }
  return { name: 'tianping', dir: CLUSTER_DIR, zookeeperPort: envInt(env, 'TIANPING_CLUSTER_ZK_PORT', 12181), shards, replicas, nodes };
}

/** config.d/cluster.xml of one node: merged into the node's config.xml by ClickHouse. */
export function renderClusterConfig(cluster: LocalCluster, node: ClusterNode): string {
  const shards: string[] = [];
  for (let s = 1; s <= cluster.shards; s++) {
    const replicas = cluster.nodes.filter((n) => n.shard === s)
      .map((n) => `        <replica><host>127.0.0.1</host><port>${n.tcpPort}</port></replica>`);
    // internal_replication: the Distributed table writes each block to one
    // replica of the shard; ReplicatedMergeTree copies it to the others.
    shards.push(`      <shard>
        <weight>1</weight>
        <internal_replication>true</internal_replication>
${replicas.join('\n')}
      </shard>`);
  }
  return `<?xml version="1.0"?>
<yandex>
  <interserver_http_host>127.0.0.1</interserver_http_host>
  <interserver_http_port>${node.interserverPort}</interserver_http_port>
  <zookeeper>
    <node><host>127.0.0.1</host><port>${cluster.zookeeperPort}</port></node>
    <session_timeout_ms>30000</session_timeout_ms>
  </zookeeper>
  <macros>
    <cluster>${cluster.name}</cluster>
    <shard>${node.shard}</shard>
    <replica>${node.replica}</replica>
  </macros>
  <remote_servers>
    <${cluster.name}>
${shards.join('\n')}
    </${cluster.name}>
  </remote_servers>
  <distributed_ddl>
    <path>/clickhouse/task_queue/ddl</path>
  </distributed_ddl>
</yandex>
`;
}

/** zoo.cfg of the standalone ZooKeeper (AdminServer off: it would take port 8080). */
export function renderZookeeperConfig(dir: string, port: number): string {
  return `tickTime=2000
initLimit=10
syncLimit=5
dataDir=${dir}/data
clientPort=${port}
clientPortAddress=127.0.0.1
maxClientCnxns=0
admin.enableServer=false
4lw.commands.whitelist=srvr,ruok,mntr
autopurge.snapRetainCount=3
autopurge.purgeInterval=1
`;
}

const zkDir = (c: LocalCluster) => resolve(c.dir, 'zookeeper');
const zkPidFile = (c: LocalCluster) => resolve(zkDir(c), 'zookeeper.pid');

/**
 * ZooKeeper's four-letter `srvr`: true once it serves requests (it answers
 * `ruok` with `imok` earlier, while still loading its data — a ClickHouse
 * server with replicated tables that starts then gives up).
 */
export function zookeeperOk(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((ok) => {
    const socket = connect({ host: '127.0.0.1', port });
    let answer = '';
    const done = (v: boolean) => {
      socket.destroy();
      ok(v);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('srvr'));
    socket.on('data', (d) => {
      answer += d.toString();
    });
    socket.on('end', () => done(/^Mode: (standalone|leader|follower)/m.test(answer)));
  });
}


function readPid(file: string): number | null {
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && processAlive(pid) ? pid : null;
}

export async function startZookeeper(c: LocalCluster = localCluster()): Promise<void> {
  if (await zookeeperOk(c.zookeeperPort)) return;
  ensureDebianPackages(
    [{ path: ZOOKEEPER_JAR, packages: ['zookeeper'], purpose: 'the local ClickHouse cluster (Java comes with it)' }],
  );
  const dir = zkDir(c);
  for (const d of ['data', 'log']) mkdirSync(resolve(dir, d), { recursive: true });
  const cfg = resolve(dir, 'zoo.cfg');
  writeFileSync(cfg, renderZookeeperConfig(dir, c.zookeeperPort));
  // zookeeper.jar's manifest names its dependencies; slf4j-simple (when
  // installed) gives it a logger, else slf4j prints one warning and stays quiet.
  const classpath = [ZOOKEEPER_JAR, '/usr/share/java/slf4j-simple.jar'].filter((p) => existsSync(p)).join(':');
  const out = resolve(dir, 'log/zookeeper.out');
  const fd = openSync(out, 'a');
  const child = spawn(JAVA, [
    '-Xmx256m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1',
    `-Dzookeeper.log.dir=${resolve(dir, 'log')}`, '-Dzookeeper.admin.enableServer=false',
    '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
    '-cp', classpath, 'org.apache.zookeeper.server.ZooKeeperServerMain', cfg,
  ], { cwd: dir, detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  child.unref();
  writeFileSync(zkPidFile(c), String(child.pid));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (await zookeeperOk(c.zookeeperPort)) return;
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`ZooKeeper did not answer on port ${c.zookeeperPort}; see ${out}`);
}

export async function stopZookeeper(c: LocalCluster = localCluster()): Promise<void> {
  const pid = readPid(zkPidFile(c));
  if (pid === null) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && processAlive(pid)) await new Promise((r) => setTimeout(r, 200));
  if (processAlive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(zkPidFile(c), { force: true });
}

/** Starts one ClickHouse node (its cluster config first); resolves with its HTTP URL. */
export async function startNode(c: LocalCluster, node: ClusterNode): Promise<string> {
  mkdirSync(resolve(node.dir, 'config.d'), { recursive: true });
  writeFileSync(resolve(node.dir, 'config.d/cluster.xml'), renderClusterConfig(c, node));
  // TRICKY: 18.16 exits at start-up when it cannot reach ZooKeeper for its
  // replicated tables (e.g. ZooKeeper restarted a moment ago): try again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startLocalServer(node);
    } catch (err) {
      if (attempt >= 3) throw err;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

export const stopNode = (node: ClusterNode): Promise<void> => stopLocalServer(node);
export const nodeUrl = (node: ClusterNode): string => localUrl(node);

/** Starts ZooKeeper and every node (reusing whatever already answers). */
export async function startLocalCluster(c: LocalCluster = localCluster()): Promise<LocalCluster> {
  await startZookeeper(c);
  // One at a time: four servers starting at once on two cores is no faster.
  for (const node of c.nodes) await startNode(c, node);
  return c;
}

/** Stops every node, then ZooKeeper. */
export async function stopLocalCluster(c: LocalCluster = localCluster()): Promise<void> {
  await Promise.all(c.nodes.map((n) => stopNode(n)));
  await stopZookeeper(c);
}

/** Whether ZooKeeper and every node answer. */
export async function localClusterRunning(c: LocalCluster = localCluster()): Promise<boolean> {
  if (!(await zookeeperOk(c.zookeeperPort))) return false;
  for (const n of c.nodes) if (!(await pingServer(nodeUrl(n), 1000))) return false;
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const command = process.argv[2];
  const c = localCluster();
  const run = command === 'start'
    ? startLocalCluster(c).then(() => {
      console.log(`ClickHouse cluster '${c.name}' ready (ZooKeeper 127.0.0.1:${c.zookeeperPort}):`);
      for (const n of c.nodes) console.log(`  shard ${n.shard} replica ${n.replica}: ${nodeUrl(n)} (tcp ${n.tcpPort})`);
      console.log(`Use it with:\n  CLICKHOUSE_URL=${nodeUrl(c.nodes[0]!)} CLICKHOUSE_CLUSTER=${c.name} `
        + `CLICKHOUSE_CLUSTER_NODES=${c.nodes.map(nodeUrl).join(',')}`);
    })
    : command === 'stop' ? stopLocalCluster(c).then(() => console.log('ClickHouse cluster stopped'))
    : Promise.reject(new Error('usage: cluster.ts start|stop'));
  run.catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
