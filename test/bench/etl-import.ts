// Figure group `import`: generation of the scale dataset, then the real ETL
// end to end (parse → validate → deadlines → insert, plus the run's
// recompute and merges) in a child process: NDJSON = the scale dataset into
// the bench database, CSV = a separate dataset (10 %, ≥ 100 k cases) into
// <database>_csv, dropped afterwards. Throughput = rows read ÷ wall time of
// the whole CLI run (process start to exit).
// --replicate K: the ETL imports the base (cases / K, with the full size's
// departments and items) as above, then replicate.ts copies its facts K − 1
// times inside ClickHouse; the import figures stay the base's real ETL run.
import { existsSync, mkdirSync, readFileSync, statfsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Db } from '../../server/sql/client.ts';
import { processAlive } from '../../sql/local/process-alive.ts';
import { clearState, freshDatabase, dropDatabase, databaseSize, writeState, type LoadedState } from './bench-db.ts';
import { importInChild, LOG_DIR, type KindSummary } from './children.ts';
import { BYTES_PER_CASE, CACHE_DIR, datasetCached, ensureDataset, type Dataset, type DatasetSpec } from './dataset.ts';
import type { BenchOptions } from './options.ts';
import { CLICKHOUSE_BYTES_PER_CASE, FACT_TABLES, replicateFacts, type ReplicationSummary } from './replicate.ts';
import { atLeast, atMost, figure, ROOT, sleep, type Figure } from './stats.ts';

const GROUP = 'import';
/** Performance issue targets. */
const CASE_ROWS_PER_S = 250_000;
const PEAK_RSS_MB = 500;

const read = (kinds: KindSummary[], ...names: string[]): number =>
  kinds.filter((k) => names.includes(k.kind)).reduce((sum, k) => sum + k.read, 0);

/** The ETL's job lock of `etl/cli.ts import --source bench` (etl/job-lock.ts): one such run at a time on this machine. */
const IMPORT_LOCK = resolve(ROOT, '.data/locks/import_bench.lock');
const lockOwner = (): number | null => {
  try {
    const pid = Number(readFileSync(IMPORT_LOCK, 'utf8'));
    return Number.isInteger(pid) && pid > 0 && processAlive(pid) ? pid : null;
  } catch {
    return null;
  }
};

/**
 * importInChild, after any other bench import on this machine (another
 * checkout's or helper's run holds the same job lock) has ended; the wait is
 * not part of the figures. A run that lost the race for the lock is retried.
 */
async function importWhenFree(dir: string, database: string, label: string, log: (l: string) => void): Promise<Awaited<ReturnType<typeof importInChild>>> {
  for (let attempt = 1; ; attempt++) {
    for (let waited = 0, owner = lockOwner(); owner !== null; owner = lockOwner(), waited += 5) {
      if (waited % 60 === 0) log(`${label}: waiting for another bench import to end (pid ${owner}) …`);
      await sleep(5_000);
    }
    try {
      return await importInChild(dir, database, label);
    } catch (err) {
      const logFile = resolve(LOG_DIR, `${label}.log`);
      const busy = existsSync(logFile) && /job import:bench is already running/.test(readFileSync(logFile, 'utf8'));
      if (!busy || attempt >= 20) throw err;
      await freshDatabase(database);
    }
  }
}

async function importFigures(
  label: string, dataset: Dataset, database: string, log: (l: string) => void, note = '',
): Promise<{ figures: Figure[]; wall: number }> {
  log(`import ${label}: ${dataset.dir} → ${database} (child process) …`);
  await freshDatabase(database);
  const run = await importWhenFree(dataset.dir, database, `import-${label.toLowerCase()}`, log);
  const cases = read(run.kinds, 'cases');
  const all = read(run.kinds, 'cases', 'steps', 'ratings');
  const size = await databaseSize(database);
  const detail = {
    wallSeconds: run.wallSeconds, importerCpuSeconds: run.cpuSeconds, rowsRead: all, summary: run.kinds,
    clickhouse: { rows: size.rows, bytesOnDisk: size.bytes }, log: run.log,
  };
  log(`import ${label}: ${cases.toLocaleString('en')} case rows, ${all.toLocaleString('en')} fact rows in ${run.wallSeconds.toFixed(1)} s, peak RSS ${Math.round(run.maxRssMb)} MB`);
  return {
    wall: run.wallSeconds,
    figures: [
      figure(GROUP, `${label} generation (${dataset.spec.cases.toLocaleString('en')} cases${note}${dataset.cached ? ', cached' : ''})`, 's', dataset.generationSeconds, null, {
        cached: dataset.cached, createdAt: dataset.createdAt, rows: dataset.rows, depts: dataset.depts, items: dataset.items, bytes: dataset.bytes,
        casesPerSecond: dataset.spec.cases / dataset.generationSeconds,
      }),
      figure(GROUP, `${label} import: case rows/s`, 'rows/s', cases / run.wallSeconds, atLeast(CASE_ROWS_PER_S), detail),
      figure(GROUP, `${label} import: all rows/s (cases+steps+ratings)`, 'rows/s', all / run.wallSeconds),
      figure(GROUP, `${label} import: wall time`, 's', run.wallSeconds),
      figure(GROUP, `${label} import: peak RSS`, 'MB', run.maxRssMb, atMost(PEAK_RSS_MB, 'median')),
    ],
  };
}

const GB = 1e9;

/**
 * Fails before anything is generated or dropped when the disk (the bench
 * cache and, for the local server, ClickHouse's .data/clickhouse: one
 * filesystem) lacks room for the files still to generate and what ClickHouse
 * will hold (× 1.5: merges write a part's new version before dropping the old).
 * The database about to be replaced counts as free.
 */
async function checkDisk(opts: BenchOptions, specs: DatasetSpec[], log: (l: string) => void): Promise<void> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const fs = statfsSync(CACHE_DIR);
  const free = fs.bavail * fs.bsize + (await databaseSize(opts.database)).bytes;
  const files = specs.filter((s) => !datasetCached(s)).reduce((sum, s) => sum + s.cases * BYTES_PER_CASE, 0);
  const clickhouse = (opts.size.cases + opts.size.csvCases) * CLICKHOUSE_BYTES_PER_CASE * 1.5;
  const needed = files + clickhouse;
  log(`disk: ${(free / GB).toFixed(1)} GB free under ${CACHE_DIR} (incl. ${opts.database}); needs ≈ ${(needed / GB).toFixed(1)} GB (${(files / GB).toFixed(1)} GB files to generate, ${(clickhouse / GB).toFixed(1)} GB ClickHouse)`);
  if (free < needed) throw new Error(`not enough disk: ≈ ${(needed / GB).toFixed(1)} GB needed, ${(free / GB).toFixed(1)} GB free under ${CACHE_DIR}`);
}

/** What a replicated database holds, described from the imported base. */
function replicatedDataset(base: Dataset, summary: ReplicationSummary): Dataset {
  const k = summary.factor;
  const rows = { ...base.rows };
  for (const t of FACT_TABLES) rows[t] = base.rows[t] * k;
  return {
    ...base,
    spec: { ...base.spec, cases: base.spec.cases * k },
    rows,
    replication: { ...summary, base: { cases: base.spec.cases, rows: base.rows } },
  };
}

export async function importGroup(opts: BenchOptions, log: (line: string) => void): Promise<{ figures: Figure[]; state: LoadedState }> {
  const { size } = opts;
  const k = size.replicate;
  const spec: DatasetSpec = { cases: size.baseCases, deptsTarget: size.deptsTarget, itemsTarget: size.itemsTarget, ratingScale: size.ratingScale, format: 'ndjson' };
  const csvSpec: DatasetSpec = { ...spec, cases: size.csvCases, format: 'csv' };
  await checkDisk(opts, [spec, csvSpec], log);
  // The database is replaced now: its old state no longer describes it.
  clearState(opts.database);
  const ndjson = await ensureDataset(spec, log);
  const main = await importFigures('NDJSON', ndjson, opts.database, log, k > 1 ? `, the base of ×${k}` : '');

  let dataset = ndjson;
  const replicated: Figure[] = [];
  let replicationSeconds = 0;
  if (k > 1) {
    log(`replicate: ${opts.database} ×${k} (${size.cases.toLocaleString('en')} cases from ${ndjson.spec.cases.toLocaleString('en')}) …`);
    const db = new Db({ database: opts.database });
    let summary: ReplicationSummary;
    try {
      summary = await replicateFacts(db, k, log);
    } finally {
      await db.close();
    }
    replicationSeconds = summary.seconds;
    dataset = replicatedDataset(ndjson, summary);
    replicated.push(figure(GROUP, `replication ×${k} in ClickHouse (copies, derived tables, anomalies, merges)`, 's', summary.seconds, null, {
      ...summary, clickhouse: await databaseSize(opts.database),
    }));
  }
  const state: LoadedState = { database: opts.database, sizeKey: size.key, dataset, loadedAt: new Date().toISOString() };
  writeState(state);

  const csv = await ensureDataset(csvSpec, log);
  const csvDatabase = `${opts.database}_csv`;
  const second = await importFigures('CSV', csv, csvDatabase, log);
  await dropDatabase(csvDatabase);

  const total = ndjson.generationSeconds + main.wall + replicationSeconds;
  const ready = k > 1 ? `scale dataset ready (generation + NDJSON import + replication ×${k})` : 'scale dataset ready (generation + NDJSON import)';
  return {
    state,
    figures: [...main.figures, ...replicated, figure(GROUP, ready, 's', total), ...second.figures],
  };
}
