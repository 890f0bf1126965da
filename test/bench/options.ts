// `npm run bench -- [--small | --cases N] [--replicate K] [--only GROUPS] [--skip-load] [--runs N] [--duration S] …`
// The size of the scale dataset and how long each figure group runs.
import { parseArgs } from 'node:util';

export const GROUPS = ['import', 'api', 'load', 'render', 'scorecard'] as const;
export type Group = (typeof GROUPS)[number];

/** The issue's scale: 20 M cases, ~3,000 departments, 50,000 items, 6 M ratings over 12 months. */
export const FULL_CASES = 20_000_000;
export const SMALL_CASES = 200_000;
const FULL_DEPTS = 3_000;
const FULL_ITEMS = 50_000;
/** Rating propensity multiplier that gives ≈ 0.3 rating rows per case (6 M for 20 M). */
const RATING_SCALE = 0.62;

export interface Size {
  /** Names the loaded database's state (`-xK` appended when replicated). */
  key: string;
  cases: number;
  deptsTarget: number;
  itemsTarget: number;
  ratingScale: number;
  /**
   * --replicate K: the simulator generates and the ETL imports `baseCases`
   * (ceil(cases / K)) with the departments and items of the full size, and
   * ClickHouse copies those facts K − 1 more times (replicate.ts). 1 = no
   * replication (`baseCases` = `cases`).
   */
  replicate: number;
  baseCases: number;
  /** The CSV import figure's dataset: 10 % of the imported (base) size, at least 100 k cases. */
  csvCases: number;
}

/**
 * Departments and items scale with the case count between the issue's full
 * size and --small (≈ 600 departments, ≈ 5,000 items at 200 k cases): the
 * departments with (cases/20 M)^0.35, the items with its square root. Below
 * the simulator's base geography (~465 departments, ~630 items) the base stays.
 */
export function sizeFor(cases: number, replicate = 1): Size {
  if (!Number.isInteger(replicate) || replicate < 1) throw new Error(`replicate must be a whole number ≥ 1, got ${replicate}`);
  const f = cases / FULL_CASES;
  const deptsTarget = Math.round(FULL_DEPTS * f ** 0.35);
  const itemsTarget = Math.round(FULL_ITEMS * f ** 0.5);
  const baseCases = Math.ceil(cases / replicate);
  const csvCases = Math.max(100_000, Math.round(baseCases / 10));
  return {
    key: `c${cases}-d${deptsTarget}-i${itemsTarget}-r${RATING_SCALE}${replicate > 1 ? `-x${replicate}` : ''}`,
    cases, deptsTarget, itemsTarget, ratingScale: RATING_SCALE, replicate, baseCases, csvCases,
  };
}

export interface BenchOptions {
  size: Size;
  small: boolean;
  groups: Set<Group>;
  skipLoad: boolean;
  /** Database of the scale dataset (and `<database>_csv` for the CSV import). */
  database: string;
  /** Sequential runs per endpoint (API and direct SQL each), after `warmup`. */
  runs: number;
  warmup: number;
  /** Concurrent load: seconds and connections. */
  duration: number;
  connections: number;
  renderRuns: number;
  scorecardRuns: number;
  /**
   * The server's result cache (TIANPING_RESULT_CACHE) for the figures with
   * targets. Off by default: the benchmark repeats identical requests, which a
   * cache would answer from memory; the api group measures the other mode too.
   */
  resultCache: 'on' | 'off';
}

const USAGE = `npm run bench -- [--small | --cases N] [--replicate K] [--only ${GROUPS.join(',')}] [--skip-load]
    [--runs N] [--warmup N] [--duration S] [--connections N] [--render-runs N] [--scorecard-runs N] [--result-cache on|off]
    [--database NAME]`;

function positiveInt(name: string, v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v.replaceAll('_', ''));
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got ${v}\n${USAGE}`);
  return n;
}

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      small: { type: 'boolean', default: false },
      cases: { type: 'string' },
      replicate: { type: 'string' },
      only: { type: 'string' },
      'skip-load': { type: 'boolean', default: false },
      database: { type: 'string', default: 'tianping_bench' },
      runs: { type: 'string' },
      warmup: { type: 'string' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      'render-runs': { type: 'string' },
      'scorecard-runs': { type: 'string' },
      'result-cache': { type: 'string', default: 'off' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (values.small && values.cases !== undefined) throw new Error(`--small and --cases exclude each other\n${USAGE}`);
  const cases = values.small ? SMALL_CASES : positiveInt('cases', values.cases, FULL_CASES);
  if (cases < 10_000) throw new Error('--cases must be at least 10,000 (the overview, rankings and cards need some volume)');
  const replicate = positiveInt('replicate', values.replicate, 1);
  if (values.replicate !== undefined && replicate < 2) throw new Error(`--replicate must be at least 2, got ${values.replicate}\n${USAGE}`);
  if (Math.ceil(cases / replicate) < 10_000) throw new Error(`--replicate ${replicate}: the imported base (cases / K) must be at least 10,000 cases`);
  const only = values.only?.split(',').map((s) => s.trim()).filter(Boolean);
  for (const g of only ?? []) if (!(GROUPS as readonly string[]).includes(g)) throw new Error(`--only: unknown group ${g}; groups: ${GROUPS.join(', ')}`);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(values.database)) throw new Error(`--database: invalid name ${values.database}`);
  const resultCache = values['result-cache'];
  if (resultCache !== 'on' && resultCache !== 'off') throw new Error(`--result-cache must be on or off, got ${resultCache}`);
  const quick = cases <= SMALL_CASES;
  return {
    size: sizeFor(cases, replicate),
    small: values.small,
    groups: new Set((only ?? GROUPS) as Group[]),
    skipLoad: values['skip-load'],
    database: values.database,
    runs: Math.max(1, positiveInt('runs', values.runs, 20)),
    warmup: positiveInt('warmup', values.warmup, 3),
    duration: Math.max(1, positiveInt('duration', values.duration, quick ? 5 : 20)),
    connections: Math.max(1, positiveInt('connections', values.connections, 20)),
    renderRuns: Math.max(1, positiveInt('render-runs', values['render-runs'], quick ? 5 : 10)),
    scorecardRuns: Math.max(1, positiveInt('scorecard-runs', values['scorecard-runs'], 3)),
    resultCache,
  };
}
