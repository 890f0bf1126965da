// The global filters live in the URL query so that every view is bookmarkable:
// ?period=month|lastMonth|quarter|year|custom[&from&to]&region&dept&item&channel
import type { DataFilters } from '../api/metrics.ts';
import { beijingToday, isDate, presetRange, type Preset, type Range } from './period.ts';

export interface Filters {
  preset: Preset;
  /** Only for preset 'custom'; presets are resolved against today. */
  custom: Range | null;
  region: string;
  dept: string;
  item: string;
  channel: string;
}

export const CHANNELS: ReadonlyArray<{ id: string; label: string }> = [
  { id: 'window', label: '窗口' },
  { id: 'online', label: '网上' },
  { id: 'mobile', label: '移动端' },
  { id: 'self_service', label: '自助终端' },
  { id: 'mail', label: '邮寄' },
  { id: 'other', label: '其他' },
];

export const FILTER_KEYS = ['period', 'from', 'to', 'region', 'dept', 'item', 'channel'] as const;

const CODE_RE = /^[0-9A-Za-z_-]{1,64}$/;
const PRESET_IDS: readonly Preset[] = ['month', 'lastMonth', 'quarter', 'year', 'custom'];

type Query = Record<string, unknown>;
const first = (v: unknown): string => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '');
const code = (v: unknown): string => (CODE_RE.test(first(v)) ? first(v) : '');

/** Filters from a route query; anything malformed falls back to the default (本月, no filter). */
export function parseFilters(query: Query): Filters {
  let preset = first(query.period) as Preset;
  if (!PRESET_IDS.includes(preset)) preset = 'month';
  const from = first(query.from);
  const to = first(query.to);
  const custom = preset === 'custom' && isDate(from) && isDate(to) && from <= to ? { from, to } : null;
  if (preset === 'custom' && !custom) preset = 'month';
  const channel = first(query.channel);
  return {
    preset,
    custom,
    region: code(query.region),
    dept: code(query.dept),
    item: code(query.item),
    channel: CHANNELS.some((c) => c.id === channel) ? channel : '',
  };
}

/** The query of filters (defaults left out); other keys of `rest` are kept. */
export function filtersToQuery(f: Filters, rest: Query = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(rest)) {
    if (!(FILTER_KEYS as readonly string[]).includes(k) && typeof v === 'string') out[k] = v;
  }
  if (f.preset !== 'month') out.period = f.preset;
  if (f.preset === 'custom' && f.custom) {
    out.from = f.custom.from;
    out.to = f.custom.to;
  }
  if (f.region) out.region = f.region;
  if (f.dept) out.dept = f.dept;
  if (f.item) out.item = f.item;
  if (f.channel) out.channel = f.channel;
  return out;
}

export function rangeOf(f: Filters, today = beijingToday()): Range {
  return f.preset === 'custom' && f.custom ? f.custom : presetRange(f.preset === 'custom' ? 'month' : f.preset, today);
}

/** The API's filter parameters for these filters. */
export function toDataFilters(f: Filters, range: Range = rangeOf(f)): DataFilters {
  return {
    from: range.from,
    to: range.to,
    ...(f.region ? { region: f.region } : {}),
    ...(f.dept ? { dept: f.dept } : {}),
    ...(f.item ? { item: f.item } : {}),
    ...(f.channel ? { channel: f.channel } : {}),
  };
}
