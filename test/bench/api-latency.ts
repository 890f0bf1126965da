// API latency on whatever data the configured database holds (the demo
// province after `npm run demo`): median and p95 of sequential requests after
// a warm-up. Part of `npm run bench`; the performance issue extends it.
import type { AddressInfo } from 'node:net';
import { createApp } from '../../server/app.ts';
import { ensureBootstrapAdmin } from '../../server/auth/index.ts';
import { Db } from '../../server/sql/client.ts';

export interface LatencyFigure {
  name: string;
  path: string;
  runs: number;
  p50Ms: number;
  p95Ms: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

export async function measureApiLatency(opts: { runs?: number; warmup?: number; from: string; to: string }): Promise<LatencyFigure[]> {
  const runs = opts.runs ?? 40;
  const db = new Db();
  await ensureBootstrapAdmin(db, 'bench-admin:bench-password-1');
  const app = createApp({ db, secret: 'bench-secret-0123456789abcdef' });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((ok) => server.once('listening', ok));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench-admin', password: 'bench-password-1' }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const period = `from=${opts.from}&to=${opts.to}`;
  const cases: Array<[string, string]> = [
    ['metrics overview (groupBy none, 12 KPIs)', `/api/metrics?ids=accepted,finished,ontime_rate,warning,yellow_open,red_open,one_window_rate,full_online_rate,max_one_trip_rate,good_rate,satisfaction,rating_rate&${period}`],
    ['metrics all ids, groupBy none', `/api/metrics?${period}`],
    ['rankings by region (city)', `/api/rankings?metric=ontime_rate&by=region&level=city&${period}`],
    ['rankings by dept', `/api/rankings?metric=ontime_rate&by=dept&${period}`],
    ['trends monthly with 同比/环比', `/api/trends?ids=accepted,ontime_rate,good_rate&grain=month&${period}`],
  ];
  const figures: LatencyFigure[] = [];
  try {
    for (const [name, path] of cases) {
      const times: number[] = [];
      for (let i = 0; i < (opts.warmup ?? 3) + runs; i++) {
        const started = performance.now();
        const res = await fetch(base + path, { headers: { cookie } });
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
        if (i >= (opts.warmup ?? 3)) times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      figures.push({ name, path, runs, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95) });
    }
  } finally {
    server.close();
    await db.close();
  }
  return figures;
}
