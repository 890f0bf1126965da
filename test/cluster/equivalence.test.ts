// The same product on the local test cluster (2 shards × 2 replicas,
// CLICKHOUSE_CLUSTER mode) and on the single local server, fed the same
// simulated province: the API answers the same, a re-import changes nothing
// on any server, and every row lives on the shard its sharding key names.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp } from '../../server/app.ts';
import { ensureBootstrapAdmin } from '../../server/auth/users.ts';
import { computeScorecard } from '../../server/evaluation/scorecards.ts';
import { DEFAULT_SYSTEM } from '../../server/evaluation/systems.ts';
import { SHARDED_TABLES } from '../../server/sql/cluster-config.ts';
import type { Db } from '../../server/sql/client.ts';
import { raw } from '../../server/sql/literal.ts';
import { generateProvince, writeContractFiles } from '../../etl/sources/simulator/index.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { duplicateRows, fingerprints, importDir, tempDir, ZERO_DUPLICATES } from '../helpers/etl-fixtures.ts';
import { listen, type TestClient } from '../helpers/http.ts';
import { CLUSTER, freshClusterDatabase, localCount, NODES, syncAll, type ClusterDb } from './helpers.ts';

const SECRET = 'cluster-test-secret-0123456789';
const ADMIN = 'root:cluster-root-password-1';
const KPIS = ['accepted', 'finished', 'ontime_rate', 'warning', 'yellow_open', 'red_open', 'one_window_rate',
  'full_online_rate', 'max_one_trip_rate', 'good_rate', 'satisfaction', 'open'];
const YEAR = 'from=2025-01-01&to=2025-12-31';

let cluster: ClusterDb;
let single: TestDb;
let onCluster: TestClient;
let onSingle: TestClient;
const files = tempDir('cluster-eq');

async function serve(db: Db): Promise<TestClient> {
  await ensureBootstrapAdmin(db, ADMIN);
  const client = await listen(createApp({ db, secret: SECRET }));
  const [user, password] = ADMIN.split(':') as [string, string];
  expect((await client.login(user, password)).status).toBe(200);
  return client;
}

/** GET on both deployments: both 200, the bodies returned for comparison. */
async function both(path: string): Promise<[unknown, unknown]> {
  const [a, b] = await Promise.all([onCluster.get(path), onSingle.get(path)]);
  expect(a.status, `${path}: ${JSON.stringify(a.body).slice(0, 300)}`).toBe(200);
  expect(b.status, `${path}: ${JSON.stringify(b.body).slice(0, 300)}`).toBe(200);
  return [a.body, b.body];
}

/** Rows per local table on every server, for the tables the import writes. */
async function perServerCounts(): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const t of ['cases_local', 'steps_local', 'ratings_local', 'regions', 'depts', 'items', 'calendar_overrides', 'calendar', 'quarantine']) {
    out[t] = await Promise.all(NODES.map((n) => localCount(cluster, n, t)));
  }
  return out;
}

beforeAll(async () => {
  const data = generateProvince({ seed: 7, cases: 5000, months: 12, endDate: '2025-12-31' });
  await writeContractFiles(data, files.dir, { rowsPerFile: 2000 });
  [cluster, single] = await Promise.all([freshClusterDatabase('cl_eq'), freshDatabase('cl_eq')]);
  const [a, b] = await Promise.all([importDir(cluster.db, files.dir), importDir(single.db, files.dir)]);
  expect(a.stats).toEqual(b.stats);
  [onCluster, onSingle] = await Promise.all([serve(cluster.db), serve(single.db)]);
});

afterAll(async () => {
  await onCluster?.close();
  await onSingle?.close();
  await cluster?.drop();
  await single?.drop();
  files.remove();
});

describe('the cluster answers exactly as the single server', () => {
  test('every table holds the same rows, one per id', async () => {
    expect(await fingerprints(cluster.db)).toEqual(await fingerprints(single.db));
    expect(await duplicateRows(cluster.db)).toEqual(ZERO_DUPLICATES);
  });

  test('/api/metrics: the 12 KPIs in total, by city and by department', async () => {
    for (const q of ['groupBy=none', 'groupBy=region&level=city', 'groupBy=dept', 'groupBy=region&level=county&channel=online']) {
      const [a, b] = await both(`/api/metrics?ids=${KPIS.join(',')}&${YEAR}&${q}`);
      expect(a, q).toEqual(b);
    }
    // Every metric of the registry once, on a quarter.
    const catalog = (await onSingle.get('/api/metrics/catalog')).body as { metrics: Array<{ id: string }> };
    const ids = catalog.metrics.map((m) => m.id);
    expect(ids.length).toBeGreaterThan(KPIS.length);
    const [a, b] = await both(`/api/metrics?ids=${ids.join(',')}&from=2025-07-01&to=2025-09-30&groupBy=region&level=city`);
    expect(a).toEqual(b);
  });

  test('/api/rankings by city, county and department; /api/trends monthly', async () => {
    for (const q of ['metric=ontime_rate&by=region&level=city', 'metric=accepted&by=region&level=county', 'metric=good_rate&by=dept',
      `metric=index:${DEFAULT_SYSTEM.code}&by=region&level=city`]) {
      const [a, b] = await both(`/api/rankings?${q}&${YEAR}`);
      expect(a, q).toEqual(b);
    }
    const [a, b] = await both(`/api/trends?ids=accepted,ontime_rate,good_rate,red_open&${YEAR}&grain=month`);
    expect(a).toEqual(b);
  });

  test('the scorecard of the default index (server/evaluation) by department', async () => {
    const req = { systemId: DEFAULT_SYSTEM.id, from: '2025-01-01', to: '2025-12-31', by: 'dept' as const };
    const nowMs = Date.parse('2026-01-05T00:00:00+08:00');
    const [a, b] = await Promise.all([computeScorecard(cluster.db, req, { nowMs, actor: 'test' }),
      computeScorecard(single.db, req, { nowMs, actor: 'test' })]);
    expect(a.lines.length).toBeGreaterThan(100);
    expect(a.lines).toEqual(b.lines);
    expect(a.dataWatermark.facts.cases!.rows).toBe(b.dataWatermark.facts.cases!.rows);
  });

  test('supervision lists, anomalies and the rating distribution', async () => {
    for (const path of [
      `/api/supervision/cases?state=red&${YEAR}&pageSize=50`,
      `/api/supervision/cases?state=late_finished&${YEAR}&pageSize=50&page=2`,
      `/api/supervision/cases?state=anomaly&${YEAR}&pageSize=100`,
      `/api/distributions/ratings?${YEAR}&region=390100`,
    ]) {
      const [a, b] = await both(path);
      expect(a, path).toEqual(b);
    }
    const sql = raw(`SELECT toString(anomaly_type) AS t, count() AS n FROM anomalies
      WHERE generation = (SELECT max(generation) FROM anomaly_generations) GROUP BY t ORDER BY t`);
    const anomalies = await single.db.query(sql);
    expect(anomalies.length).toBeGreaterThan(2);
    expect(await cluster.db.query(sql)).toEqual(anomalies);
  });
});

describe('rows on the cluster', () => {
  test('every row is on the shard its sharding key names, and both replicas of a shard hold the same rows', async () => {
    await syncAll(cluster);
    const shards = CLUSTER.shards;
    for (const [table, key] of Object.entries(SHARDED_TABLES)) {
      const total = Number((await cluster.db.query<{ n: string }>(raw(`SELECT count() AS n FROM ${table}`)))[0]!.n);
      let sum = 0;
      for (let s = 1; s <= shards; s++) {
        const replicas = NODES.filter((n) => n.shard === s);
        const counts: number[] = [];
        for (const node of replicas) {
          // Weights 1 and 1: shard k (1-based) takes the rows with key % 2 = k − 1.
          const [r] = await cluster.on(node).query<{ n: string; misplaced: string }>(raw(
            `SELECT count() AS n, countIf(${key} % ${shards} != ${s - 1}) AS misplaced FROM ${table}_local`));
          expect(Number(r!.misplaced), `${table} on ${node.name}`).toBe(0);
          counts.push(Number(r!.n));
        }
        expect(new Set(counts).size, `${table}: replicas of shard ${s}`).toBe(1);
        expect(counts[0], `${table} on shard ${s}`).toBeGreaterThan(total / shards / 2);
        sum += counts[0]!;
      }
      expect(sum, table).toBe(total);
    }
    // A case's steps and ratings are on its shard: none whose case is on the other one.
    for (const node of NODES) {
      const [r] = await cluster.on(node).query<{ s: string; r: string }>(raw(`SELECT
        (SELECT count() FROM steps_local WHERE case_id NOT IN (SELECT case_id FROM cases_local)
          AND case_id IN (SELECT case_id FROM cases)) AS s,
        (SELECT count() FROM ratings_local WHERE case_id != '' AND case_id NOT IN (SELECT case_id FROM cases_local)
          AND case_id IN (SELECT case_id FROM cases)) AS r`));
      expect(r, node.name).toEqual({ s: '0', r: '0' });
    }
  });

  test('a second import of the same files writes nothing on any server', async () => {
    const before = await perServerCounts();
    const fpBefore = await fingerprints(cluster.db);
    const { stats } = await importDir(cluster.db, files.dir);
    for (const [kind, s] of Object.entries(stats)) expect(s.written, kind).toBe(0);
    await syncAll(cluster);
    expect(await perServerCounts()).toEqual(before);
    expect(await fingerprints(cluster.db)).toEqual(fpBefore);
    // Fully replicated tables: the same rows on all four servers.
    for (const [t, counts] of Object.entries(before)) {
      if (!t.endsWith('_local')) expect(new Set(counts).size, t).toBe(1);
    }
    const [a, b] = await both(`/api/metrics?ids=${KPIS.join(',')}&${YEAR}&groupBy=region&level=city`);
    expect(a).toEqual(b);
  });
});
