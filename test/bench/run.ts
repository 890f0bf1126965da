// `npm run bench`: prints each figure as a table and writes them as JSON into
// bench-results/ (git-ignored). Uses the configured database (CLICKHOUSE_URL /
// CLICKHOUSE_DB; default: the local server's `tianping`, i.e. the demo data).
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureClickHouse } from '../../sql/local/ensure.ts';
import { migrate } from '../../sql/migrate.ts';
import { measureApiLatency } from './api-latency.ts';

const flag = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1]! : fallback;
};

await ensureClickHouse();
await migrate();
const to = flag('to', new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10));
const from = flag('from', `${Number(to.slice(0, 4)) - 1}${to.slice(4, 8)}01`);
const latency = await measureApiLatency({ from, to, runs: Number(flag('runs', '40')) });
console.log(`API latency, one year (${from} … ${to}), sequential requests after warm-up:`);
console.table(latency.map((f) => ({ figure: f.name, runs: f.runs, 'p50 ms': f.p50Ms.toFixed(1), 'p95 ms': f.p95Ms.toFixed(1) })));
const dir = resolve(fileURLToPath(import.meta.url), '../../../bench-results');
mkdirSync(dir, { recursive: true });
const file = resolve(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), period: { from, to }, latency }, null, 2));
console.log(`written ${file}`);
