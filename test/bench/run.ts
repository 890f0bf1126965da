// `npm run bench [-- --small | --cases N] [--only import,api,load,render,scorecard] [--skip-load] …`
// The benchmark suite of the performance issue: loads the scale dataset into
// its own database (tianping_bench on the project's local ClickHouse), then
// measures each figure group, prints one table (figure, median, p95, target,
// met) and writes the whole report as JSON into bench-results/ (git-ignored).
// Progress goes to stderr, the table to stdout.
import { cpus, totalmem } from 'node:os';
import { ensureClickHouse } from '../../sql/local/ensure.ts';
import { clickhouseVersion, databaseSize, readState, waitForMerges, type LoadedState } from './bench-db.ts';
import { BENCH_ADMIN, RESULT_CACHE_ENV, startServerChild, type ServerChild } from './children.ts';
import { cityCodes, completedYearEnding, login, loadVariants, mainEndpoints, yearEnding, HttpClient } from './client.ts';
import { importGroup } from './etl-import.ts';
import { loadGroup } from './load.ts';
import { parseOptions, type Group } from './options.ts';
import { ensureDashboardBuilt, renderGroup } from './render.ts';
import { scorecardGroup } from './scorecard.ts';
import { sqlVsApiGroup } from './sql-vs-api.ts';
import { formatTable, writeReport, type Figure } from './stats.ts';

const opts = parseOptions(process.argv.slice(2));
const t0 = Date.now();
const log = (line: string): void => console.error(`[bench ${((Date.now() - t0) / 1000).toFixed(0).padStart(5)} s] ${line}`);
const figures: Figure[] = [];
const failures: Record<string, string> = {};

/** Runs `run`; a failure is reported (and the run goes on with the other groups). */
async function attempt<T>(name: Group, run: () => Promise<T>): Promise<T | null> {
  try {
    return await run();
  } catch (err) {
    failures[name] = err instanceof Error ? (err.stack ?? err.message) : String(err);
    log(`${name} FAILED: ${err instanceof Error ? err.message : err}`);
    return null;
  }
}

async function group(name: Group, run: () => Promise<Figure[]>): Promise<void> {
  if (opts.groups.has(name)) figures.push(...((await attempt(name, run)) ?? []));
}

/**
 * The loaded scale dataset: imported now, with the import figures (also when
 * only other groups were asked for and the database holds another size), or
 * the one already loaded (--skip-load, or the same size without `import`).
 */
async function loadedDataset(): Promise<LoadedState | null> {
  const previous = readState(opts.database);
  const reuse = opts.skipLoad || (!opts.groups.has('import') && previous?.sizeKey === opts.size.key);
  if (!reuse) {
    const result = await attempt('import', () => importGroup(opts, log));
    figures.push(...(result?.figures ?? []));
    return result?.state ?? null;
  }
  if (!previous || (await databaseSize(opts.database)).rows === 0) {
    throw new Error(`--skip-load: ${opts.database} holds no bench dataset; run \`npm run bench${opts.small ? ' -- --small' : ''}\` first`);
  }
  if (previous.sizeKey !== opts.size.key) log(`note: measuring the loaded dataset ${previous.sizeKey}, not ${opts.size.key}`);
  log(`reusing ${opts.database}: ${previous.sizeKey}, loaded ${previous.loadedAt}`);
  return previous;
}

/** One request of each path: users who have the dashboard open already (ClickHouse's caches and ours warm). */
async function warmUp(base: string, cookie: string, paths: Iterable<string>): Promise<void> {
  const warm = new HttpClient(base, cookie);
  try {
    for (const path of paths) await warm.timed(path);
  } finally {
    warm.close();
  }
}

async function main(): Promise<void> {
  log(`size ${opts.size.key} (${opts.size.cases.toLocaleString('en')} cases), groups ${[...opts.groups].join(', ')}${opts.skipLoad ? ', --skip-load' : ''}`);
  await ensureClickHouse();
  const state = await loadedDataset();
  const serverGroups: Group[] = ['api', 'load', 'render', 'scorecard'];
  if (state && serverGroups.some((g) => opts.groups.has(g))) {
    log(`waiting for ClickHouse merges in ${opts.database} … ${(await waitForMerges(opts.database)).toFixed(0)} s`);
    if (opts.groups.has('render')) ensureDashboardBuilt(log);
    // Two servers: result cache on (the product's default: load, render,
    // scorecard) and off (every request computed). The api group's targets
    // use --result-cache (default off) and show the other mode beside them.
    const needsOff = opts.groups.has('api') || opts.groups.has('load');
    const cacheOn = await startServerChild(opts.database, 'cache-on', { [RESULT_CACHE_ENV]: 'on' });
    let cacheOff: ServerChild | null = null;
    try {
      if (needsOff) cacheOff = await startServerChild(opts.database, 'cache-off', { [RESULT_CACHE_ENV]: 'off' });
      log(`servers: result cache on at ${cacheOn.base}${cacheOff ? `, off at ${cacheOff.base}` : ''}`);
      // Both servers sign sessions with the bench secret: one cookie serves both.
      const cookie = await login(cacheOn.base, BENCH_ADMIN.username, BENCH_ADMIN.password);
      const period = yearEnding(state.dataset.endDate);
      const endpoints = mainEndpoints(period);
      const byMode = { on: cacheOn, off: cacheOff };
      await group('api', () => {
        const target = byMode[opts.resultCache]!;
        const otherMode = opts.resultCache === 'on' ? 'off' : 'on';
        return sqlVsApiGroup({
          database: opts.database, base: target.base, cookie, resultCache: opts.resultCache,
          other: { base: byMode[otherMode]!.base, resultCache: otherMode }, endpoints, runs: opts.runs, warmup: opts.warmup,
        }, log);
      });
      await group('load', async () => {
        const probe = new HttpClient(cacheOn.base, cookie);
        let variants: Map<string, string[]>;
        try {
          variants = loadVariants(endpoints, await cityCodes(probe, period));
        } finally {
          probe.close();
        }
        const figures: Figure[] = [];
        for (const [mode, server] of [['on', cacheOn], ['off', cacheOff!]] as const) {
          await warmUp(server.base, cookie, [...variants.values()].flat());
          figures.push(...await loadGroup({ base: server.base, cookie, endpoints, variants, resultCache: mode, connections: opts.connections, durationS: opts.duration }, log));
        }
        return figures;
      });
      await group('render', () => renderGroup({ base: cacheOn.base, cookie, period, runs: opts.renderRuns }, log));
      await group('scorecard', () => scorecardGroup({ base: cacheOn.base, adminCookie: cookie, period: completedYearEnding(state.dataset.endDate), runs: opts.scorecardRuns }, log));
    } finally {
      await Promise.all([cacheOn.stop(), cacheOff?.stop()]);
    }
  }

  const report = {
    at: new Date().toISOString(),
    argv: process.argv.slice(2),
    size: opts.size,
    database: opts.database,
    resultCache: opts.resultCache,
    dataset: state && { ...state.dataset, loadedAt: state.loadedAt },
    period: state && yearEnding(state.dataset.endDate),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: totalmem() / 2 ** 30, node: process.version, clickhouse: await clickhouseVersion() },
    wallSeconds: (Date.now() - t0) / 1000,
    figures,
    failures,
  };
  const file = writeReport(report);
  const cases = state?.dataset.spec.cases ?? opts.size.cases;
  console.log(`\nTianping benchmark — ${cases.toLocaleString('en')} cases (${state?.sizeKey ?? opts.size.key})${report.period ? `, one year ${report.period.from} … ${report.period.to}` : ''}`);
  console.log(formatTable(figures));
  const missed = figures.filter((f) => f.met === false).length;
  console.log(`\n${figures.filter((f) => f.met === true).length} targets met, ${missed} missed; ${Object.keys(failures).length} group(s) failed${Object.keys(failures).length ? `: ${Object.keys(failures).join(', ')}` : ''}`);
  console.log(`report: ${file} (${report.wallSeconds.toFixed(0)} s)`);
  if (Object.keys(failures).length > 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exitCode = 1;
});
