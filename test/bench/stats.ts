// Figures of the benchmark: samples → median/p95/p99, a figure with its
// target and whether it is met, the printed table and the JSON report.
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
export const RESULTS_DIR = resolve(ROOT, 'bench-results');

export interface Summary {
  n: number;
  min: number;
  median: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of an ascending array. */
export const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('summarize: no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    min: sorted[0]!,
    median: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1]!,
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
  };
}

export type Unit = 'ms' | 's' | 'rows/s' | 'req/s' | 'MB' | 'KB' | 'x' | 'count';

/** A target of the performance issue: `stat op value`, e.g. p95 ≤ 150 ms. */
export interface Target {
  stat: 'median' | 'p95' | 'p99';
  op: '<=' | '>=';
  value: number;
}

export const atMost = (value: number, stat: Target['stat'] = 'p95'): Target => ({ stat, op: '<=', value });
export const atLeast = (value: number, stat: Target['stat'] = 'median'): Target => ({ stat, op: '>=', value });

export interface Figure {
  group: string;
  name: string;
  unit: Unit;
  n: number;
  median: number;
  p95: number;
  p99: number;
  target: Target | null;
  met: boolean | null;
  /** Anything worth keeping in the JSON (counts, raw samples, caveats). */
  detail?: Record<string, unknown>;
}

/** A figure from samples (or one measured value, n = 1). */
export function figure(
  group: string,
  name: string,
  unit: Unit,
  samples: number | readonly number[],
  target: Target | null = null,
  detail?: Record<string, unknown>,
): Figure {
  const s = summarize(typeof samples === 'number' ? [samples] : samples);
  const value = target ? s[target.stat] : null;
  const met = target && value !== null && Number.isFinite(value) ? (target.op === '<=' ? value <= target.value : value >= target.value) : null;
  return { group, name, unit, n: s.n, median: s.median, p95: s.p95, p99: s.p99, target, met, ...(detail ? { detail } : {}) };
}

export function formatValue(v: number, unit: Unit): string {
  if (!Number.isFinite(v)) return String(v);
  switch (unit) {
    case 'ms': return v < 100 ? `${v.toFixed(1)} ms` : `${Math.round(v).toLocaleString('en')} ms`;
    case 's': return `${v.toFixed(v < 10 ? 2 : 1)} s`;
    case 'rows/s':
    case 'req/s': return `${(v < 100 ? v.toFixed(1) : Math.round(v).toLocaleString('en'))} ${unit}`;
    case 'MB': return `${Math.round(v).toLocaleString('en')} MB`;
    case 'KB': return `${v.toFixed(1)} KB`;
    case 'x': return `${v.toFixed(2)}×`;
    case 'count': return Math.round(v).toLocaleString('en');
  }
}

const formatTarget = (f: Figure): string =>
  f.target ? `${f.target.stat === 'median' ? '' : `${f.target.stat} `}${f.target.op === '<=' ? '≤' : '≥'} ${formatValue(f.target.value, f.unit)}` : '';

/** Display width: CJK characters take two columns. */
const width = (s: string): number => [...s].reduce((w, ch) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0);
const padEnd = (s: string, n: number): string => s + ' '.repeat(Math.max(0, n - width(s)));
const padStart = (s: string, n: number): string => ' '.repeat(Math.max(0, n - width(s))) + s;

/** The printed table: figure, n, median, p95, p99, target, met. */
export function formatTable(figures: readonly Figure[]): string {
  const header = ['group', 'figure', 'n', 'median', 'p95', 'p99', 'target', 'met?'];
  const rows = figures.map((f) => [
    f.group, f.name, String(f.n), formatValue(f.median, f.unit), f.n > 1 ? formatValue(f.p95, f.unit) : '',
    // p99 of a few runs is just the slowest one: shown for many samples or a p99 target.
    f.n >= 100 || f.target?.stat === 'p99' ? formatValue(f.p99, f.unit) : '',
    formatTarget(f), f.met === null ? '' : f.met ? 'met' : 'MISSED',
  ]);
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))));
  const right = new Set([2, 3, 4, 5]);
  const line = (cells: string[]) => cells.map((c, i) => (right.has(i) ? padStart(c, widths[i]!) : padEnd(c, widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Writes the report to bench-results/bench-<time>.json (git-ignored); returns the path. */
export function writeReport(report: object): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = resolve(RESULTS_DIR, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

export const sleep = (ms: number): Promise<void> => new Promise((ok) => setTimeout(ok, ms));

/** `promise`, or a rejection with `message` after `ms` (the timer never outlives it). */
export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, fail) => { timer = setTimeout(() => fail(new Error(message)), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}
