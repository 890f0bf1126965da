// `npm run demo`: from nothing to a loaded province. Starts (or reuses) the
// local ClickHouse, migrates, generates the seeded demo province, serves it
// through the simulator's HTTP pull API and imports it with the real HTTP
// connector, creates one user per role, then serves API + dashboard.
// Flags: --cases N (default 60000), --seed S, --port P.
import { randomBytes } from 'node:crypto';
import { runImport, summaryLines } from '../etl/import.ts';
import { deploymentSecret } from '../etl/secret.ts';
import { httpPullConnector } from '../etl/sources/http-pull.ts';
import { generateProvince, serveSimulator } from '../etl/sources/simulator/index.ts';
import { ensureDemoUsers } from './auth/index.ts';
import { startServer } from './main.ts';

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} takes a positive whole number`);
  return value;
}

async function main(): Promise<void> {
  const cases = flag('cases', Number(process.env.TIANPING_DEMO_CASES ?? 60_000));
  const seed = flag('seed', 20250101);
  const started = Date.now();
  const { db, url, server } = await startServer(flag('port', Number(process.env.PORT ?? 8080)));

  console.log(`generating the demo province (${cases.toLocaleString()} cases, seed ${seed}) …`);
  const data = generateProvince({ seed, cases });
  const token = randomBytes(16).toString('hex');
  const simulator = await serveSimulator(data, { token, pageSize: 5000 });
  try {
    console.log(`importing through the HTTP pull connector from ${simulator.url} …`);
    const { stats } = await runImport({
      db,
      connector: httpPullConnector({ name: 'demo-province', baseUrl: simulator.url, auth: { type: 'bearer', token } }),
      job: 'import:demo-province',
      secret: deploymentSecret(),
    });
    for (const line of summaryLines(stats)) console.log(line);
  } finally {
    await simulator.close();
  }

  // The dept user gets the department with the most cases, so its views have data.
  const perDept = new Map<string, number>();
  for (const c of data.cases) perDept.set(String(c.dept_code), (perDept.get(String(c.dept_code)) ?? 0) + 1);
  const busiest = [...perDept.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (!busiest) throw new Error('the demo province has no cases');
  const logins = await ensureDemoUsers(db, { dept: busiest, secret: deploymentSecret() });
  console.log(`\nTianping 天平 is running at ${url}  (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  console.log('Demo logins:');
  for (const l of logins) console.log(`  ${l.role.padEnd(10)} ${l.username.padEnd(16)} ${l.password}   ${l.displayName}`);
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exit(1);
});
