// One replica of each shard stopped — shard 1's second replica and shard 2's
// first (the one reads and writes go to while it is up): reads answer the
// same numbers, an import of newer versions completes, and once the replicas
// are back they catch up: every server holds its shard's rows (or all rows of
// a fully replicated table), merged, and answers as the single server does.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp } from '../../server/app.ts';
import { ensureBootstrapAdmin } from '../../server/auth/users.ts';
import { METRICS } from '../../server/metrics/index.ts';
import { computeMetrics } from '../../server/metrics/engine/compute.ts';
import { withAsOf } from '../../server/metrics/engine/periods.ts';
import { Db } from '../../server/sql/client.ts';
import { raw } from '../../server/sql/literal.ts';
import { generateProvince, writeContractFiles, type RawRow } from '../../etl/sources/simulator/index.ts';
import { violations } from '../../etl/sources/simulator/testing/contract-rules.ts';
import { nodeUrl } from '../../sql/local/cluster.ts';
import { migrate } from '../../sql/migrate.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { duplicateRows, fingerprints, importDir, tempDir, writeNdjson, ZERO_DUPLICATES } from '../helpers/etl-fixtures.ts';
import { listen, type TestClient } from '../helpers/http.ts';
import {
  CLUSTER_CONFIG, freshClusterDatabase, localCount, NODES, startReplica, stopReplica, syncAll, type ClusterDb,
} from './helpers.ts';

const SECRET = 'cluster-failover-secret-0123456789';
const ADMIN = ['root', 'cluster-root-password-1'] as const;
const KPI_QUERY = '/api/metrics?ids=accepted,finished,ontime_rate,warning,yellow_open,red_open,one_window_rate,full_online_rate,'
  + 'max_one_trip_rate,good_rate,satisfaction,open&from=2025-01-01&to=2025-12-31&groupBy=region&level=city';
const RANKING_QUERY = '/api/rankings?metric=ontime_rate&by=dept&from=2025-01-01&to=2025-12-31';
const DOWN = [NODES[1]!, NODES[2]!]; // shard 1 replica r2, shard 2 replica r1

let cluster: ClusterDb;
let single: TestDb;
let onCluster: TestClient;
let onSingle: TestClient;
let data: ReturnType<typeof generateProvince>;
const files = tempDir('cluster-fo');
const updates = tempDir('cluster-fo-upd');

async function serve(db: Db): Promise<TestClient> {
  await ensureBootstrapAdmin(db, ADMIN.join(':'));
  const client = await listen(createApp({ db, secret: SECRET }));
  expect((await client.login(...ADMIN)).status).toBe(200);
  return client;
}

async function body(client: TestClient, path: string): Promise<unknown> {
  const r = await client.get(path);
  expect(r.status, `${path}: ${JSON.stringify(r.body).slice(0, 300)}`).toBe(200);
  return r.body;
}

/** Every metric on raw rows, by city, for two periods (the multi-period path of trends and rankings). */
async function rawMetrics(db: Db) {
  const now = Date.parse('2026-01-05T00:00:00+08:00');
  return computeMetrics(db, {
    metrics: METRICS,
    periods: [withAsOf({ from: '2025-01-01', to: '2025-06-30' }, now), withAsOf({ from: '2025-07-01', to: '2025-12-31' }, now)],
    groupBy: { kind: 'region', level: 2 },
    filters: [],
    scope: null,
    readPaths: 'raw',
  });
}

beforeAll(async () => {
  data = generateProvince({ seed: 11, cases: 2000, months: 12, endDate: '2025-12-31' });
  await writeContractFiles(data, files.dir, {});
  [cluster, single] = await Promise.all([freshClusterDatabase('cl_fo'), freshDatabase('cl_fo')]);
  await Promise.all([importDir(cluster.db, files.dir), importDir(single.db, files.dir)]);
  [onCluster, onSingle] = await Promise.all([serve(cluster.db), serve(single.db)]);
});

afterAll(async () => {
  // Whatever happened, leave every server running for the next test file.
  await Promise.all(DOWN.map((n) => startReplica(n).catch(() => undefined)));
  await onCluster?.close();
  await onSingle?.close();
  await cluster?.drop();
  await single?.drop();
  files.remove();
  updates.remove();
});

describe('one replica of each shard down', () => {
  test('reads answer the same numbers', async () => {
    const before = [await body(onCluster, KPI_QUERY), await body(onCluster, RANKING_QUERY)];
    expect(before).toEqual([await body(onSingle, KPI_QUERY), await body(onSingle, RANKING_QUERY)]);
    await Promise.all(DOWN.map((n) => stopReplica(n)));
    expect([await body(onCluster, KPI_QUERY), await body(onCluster, RANKING_QUERY)]).toEqual(before);
    expect(await rawMetrics(cluster.db)).toEqual(await rawMetrics(single.db));
  });

  test('a start-up migration with nothing pending runs no ON CLUSTER DDL (which would wait for the stopped servers)', async () => {
    const t0 = Date.now();
    expect(await migrate({ url: nodeUrl(NODES[0]!), database: cluster.name, cluster: CLUSTER_CONFIG })).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(20_000);
  });

  test('an import of newer versions completes and reads show it', async () => {
    const DAY = 86_400_000;
    const counts = new Map<string, number>();
    for (const r of data.cases) counts.set(String(r.case_id), (counts.get(String(r.case_id)) ?? 0) + 1);
    const now = Date.now();
    const plain = data.cases.filter((r) => counts.get(String(r.case_id)) === 1 && violations('cases', r, now).length === 0);
    const newer: RawRow[] = plain.slice(0, 150).map((r) => ({
      ...r, fee: 321.5, updated_at: new Date(Date.parse(String(r.updated_at)) + DAY).toISOString(),
    }));
    writeNdjson(updates.dir, 'cases-update.ndjson', newer);

    // An import either completes or fails loudly; a retry then completes it.
    let result;
    try {
      result = await importDir(cluster.db, updates.dir);
    } catch (err) {
      console.warn(`import with replicas down failed, retrying: ${err instanceof Error ? err.message : err}`);
      result = await importDir(cluster.db, updates.dir);
    }
    expect(result.stats.cases?.written).toBe(150);
    expect((await importDir(single.db, updates.dir)).stats.cases?.written).toBe(150);

    expect(await fingerprints(cluster.db)).toEqual(await fingerprints(single.db));
    expect(await duplicateRows(cluster.db)).toEqual(ZERO_DUPLICATES);
    expect(await body(onCluster, KPI_QUERY)).toEqual(await body(onSingle, KPI_QUERY));
    expect(await rawMetrics(cluster.db)).toEqual(await rawMetrics(single.db));
  });
});

describe('the replicas come back', () => {
  test('they catch up: both replicas of a shard hold the same rows, merged; every server the same fully replicated rows', async () => {
    await Promise.all(DOWN.map((n) => startReplica(n)));
    await syncAll(cluster);
    for (const table of ['cases_local', 'steps_local', 'ratings_local']) {
      for (const shard of [1, 2]) {
        const replicas = NODES.filter((n) => n.shard === shard);
        const counts = await Promise.all(replicas.map((n) => localCount(cluster, n, table)));
        expect(counts[0], `${table} shard ${shard}`).toBeGreaterThan(0);
        expect(counts[1], `${table} shard ${shard}`).toBe(counts[0]);
      }
    }
    for (const node of NODES) {
      // The update's OPTIMIZE reached the replica that was down: one row per case.
      const [r] = await cluster.on(node).query<{ d: string }>(raw('SELECT count() - uniqExact(case_id) AS d FROM cases_local'));
      expect(Number(r!.d), node.name).toBe(0);
      const [f] = await cluster.on(node).query<{ n: string }>(raw("SELECT count() AS n FROM cases_local WHERE toString(fee) = '321.50'"));
      expect(Number(f!.n), node.name).toBeGreaterThan(0);
    }
    for (const table of ['regions', 'depts', 'items', 'calendar', 'quarantine', 'anomalies', 'anomaly_generations', 'etl_runs', 'users']) {
      const counts = await Promise.all(NODES.map((n) => localCount(cluster, n, table)));
      expect(new Set(counts).size, `${table}: ${counts.join(', ')}`).toBe(1);
    }
  });

  test('a server that was down answers as the single server does', async () => {
    const viaReturned = new Db({ url: nodeUrl(DOWN[1]!), database: cluster.name, cluster: CLUSTER_CONFIG });
    try {
      expect(await fingerprints(viaReturned)).toEqual(await fingerprints(single.db));
      expect(await rawMetrics(viaReturned)).toEqual(await rawMetrics(single.db));
    } finally {
      await viaReturned.close();
    }
  });
});
