// `npx tsx test/cluster/measure.ts [--cases 20000] [--runs 15]`: the same
// simulated province imported into the local test cluster (started if
// needed, left running) and into a database on the single local server,
// then the import rate and the API latency of both, measured alternately so
// that whatever else runs on the machine weighs on both alike. Both
// databases are dropped at the end. Prints one table; the result cache is off.
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { ensureBootstrapAdmin } from '../../server/auth/users.ts';
import type { Db } from '../../server/sql/client.ts';
import { generateProvince, writeContractFiles } from '../../etl/sources/simulator/index.ts';
import { ensureClickHouse } from '../../sql/local/ensure.ts';
import { localCluster, startLocalCluster } from '../../sql/local/cluster.ts';
import { freshDatabase } from '../helpers/db.ts';
import { importDir, tempDir } from '../helpers/etl-fixtures.ts';
import { listen, type TestClient } from '../helpers/http.ts';
import { freshClusterDatabase } from './helpers.ts';

process.env.TIANPING_RESULT_CACHE = 'off';
process.env.LOG_LEVEL ??= 'warn';
const { createApp } = await import('../../server/app.ts');
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const CASES = arg('cases', 20_000);
const RUNS = arg('runs', 15);
const YEAR = 'from=2025-01-01&to=2025-12-31';
const ENDPOINTS: Array<[string, string]> = [
  ['/api/metrics (12 KPIs)', `/api/metrics?ids=accepted,finished,ontime_rate,warning,yellow_open,red_open,one_window_rate,full_online_rate,max_one_trip_rate,good_rate,satisfaction,open&${YEAR}`],
  ['/api/rankings by city', `/api/rankings?metric=ontime_rate&by=region&level=city&${YEAR}`],
  ['/api/trends monthly', `/api/trends?ids=accepted,finished,ontime_rate,good_rate&grain=month&${YEAR}`],
];
const log = (s: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${s}`);

async function serve(db: Db): Promise<TestClient> {
  await ensureBootstrapAdmin(db, 'root:measure-root-password-1');
  const client = await listen(createApp({ db, secret: 'measure-secret-0123456789abcdef' }));
  if ((await client.login('root', 'measure-root-password-1')).status !== 200) throw new Error('login failed');
  return client;
}

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};

process.env.CLICKHOUSE_URL = await ensureClickHouse();
await startLocalCluster(localCluster());
const files = tempDir('cluster-measure');
log(`generating ${CASES} cases`);
await writeContractFiles(generateProvince({ seed: 5, cases: CASES, months: 12, endDate: '2025-12-31' }), files.dir, {});
const [cluster, single] = await Promise.all([freshClusterDatabase('measure'), freshDatabase('measure')]);
const rows: string[] = [];
try {
  for (const [name, db] of [['single', single.db], ['cluster', cluster.db]] as const) {
    log(`importing into ${name} (load average ${loadavg()[0]!.toFixed(1)})`);
    const t0 = performance.now();
    const { stats } = await importDir(db, files.dir);
    const s = (performance.now() - t0) / 1000;
    const facts = (['cases', 'steps', 'ratings'] as const).reduce((n, k) => n + (stats[k]?.read ?? 0), 0);
    rows.push(`import ${name}: ${stats.cases?.read} cases, ${facts} fact rows in ${s.toFixed(1)} s = `
      + `${Math.round((stats.cases?.read ?? 0) / s)} case rows/s, ${Math.round(facts / s)} fact rows/s`);
    log(rows[rows.length - 1]!);
  }
  const clients = { single: await serve(single.db), cluster: await serve(cluster.db) };
  const samples: Record<string, { single: number[]; cluster: number[] }> = {};
  for (const [label, path] of ENDPOINTS) {
    samples[label] = { single: [], cluster: [] };
    for (let i = 0; i < 3 + RUNS; i++) {
      for (const mode of (i % 2 ? ['single', 'cluster'] : ['cluster', 'single']) as Array<'single' | 'cluster'>) {
        const t0 = performance.now();
        const r = await clients[mode].get(path);
        const ms = performance.now() - t0;
        if (r.status !== 200) throw new Error(`${mode} ${path}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
        if (i >= 3) samples[label]![mode].push(ms);
      }
    }
  }
  await clients.single.close();
  await clients.cluster.close();
  console.log(`\n${rows.join('\n')}\n`);
  console.log(`latency over ${RUNS} runs (ms)            single p50 / p95     cluster p50 / p95`);
  for (const [label] of ENDPOINTS) {
    const s = samples[label]!;
    const f = (xs: number[]) => `${quantile(xs, 0.5).toFixed(0).padStart(6)} / ${quantile(xs, 0.95).toFixed(0).padStart(5)}`;
    console.log(`${label.padEnd(36)} ${f(s.single)}      ${f(s.cluster)}`);
  }
  console.log(`load average at the end: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
} finally {
  await cluster.drop();
  await single.drop();
  files.remove();
}
