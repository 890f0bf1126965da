// Figure group `import`: generation of the scale dataset, then the real ETL
// end to end (parse → validate → deadlines → insert, plus the run's
// recompute and merges) in a child process: NDJSON = the scale dataset into
// the bench database, CSV = a separate dataset (10 %, ≥ 100 k cases) into
// <database>_csv, dropped afterwards. Throughput = rows read ÷ wall time of
// the whole CLI run (process start to exit).
import { freshDatabase, dropDatabase, databaseSize, writeState, type LoadedState } from './bench-db.ts';
import { importInChild, type KindSummary } from './children.ts';
import { ensureDataset, type Dataset, type DatasetSpec } from './dataset.ts';
import type { BenchOptions } from './options.ts';
import { atLeast, atMost, figure, type Figure } from './stats.ts';

const GROUP = 'import';
/** Performance issue targets. */
const CASE_ROWS_PER_S = 250_000;
const PEAK_RSS_MB = 500;

const read = (kinds: KindSummary[], ...names: string[]): number =>
  kinds.filter((k) => names.includes(k.kind)).reduce((sum, k) => sum + k.read, 0);

async function importFigures(label: string, dataset: Dataset, database: string, log: (l: string) => void): Promise<{ figures: Figure[]; wall: number }> {
  log(`import ${label}: ${dataset.dir} → ${database} (child process) …`);
  await freshDatabase(database);
  const run = await importInChild(dataset.dir, database, `import-${label.toLowerCase()}`);
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
      figure(GROUP, `${label} generation (${dataset.spec.cases.toLocaleString('en')} cases${dataset.cached ? ', cached' : ''})`, 's', dataset.generationSeconds, null, {
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

export async function importGroup(opts: BenchOptions, log: (line: string) => void): Promise<{ figures: Figure[]; state: LoadedState }> {
  const { size } = opts;
  const spec: DatasetSpec = { cases: size.cases, deptsTarget: size.deptsTarget, itemsTarget: size.itemsTarget, ratingScale: size.ratingScale, format: 'ndjson' };
  const ndjson = await ensureDataset(spec, log);
  const main = await importFigures('NDJSON', ndjson, opts.database, log);
  const state: LoadedState = { database: opts.database, sizeKey: size.key, dataset: ndjson, loadedAt: new Date().toISOString() };
  writeState(state);

  const csv = await ensureDataset({ ...spec, cases: size.csvCases, format: 'csv' }, log);
  const csvDatabase = `${opts.database}_csv`;
  const second = await importFigures('CSV', csv, csvDatabase, log);
  await dropDatabase(csvDatabase);

  const total = ndjson.generationSeconds + main.wall;
  return {
    state,
    figures: [...main.figures, figure(GROUP, 'scale dataset ready (generation + NDJSON import)', 's', total), ...second.figures],
  };
}
