// ClickHouse rows of the dimension kinds and the calendar overrides.
import type { CalendarRecord, DeptRecord, ItemRecord, RegionRecord } from '../../contract/records.ts';

export interface RowMeta {
  updated_ms: number;
  row_hash: string;
  source_system: string;
  batch_id: string;
  version: number;
}

/** 12 digits → township; xx0000 → province; xxyy00 → city; otherwise county. */
export function regionLevel(code: string): number {
  if (code.length === 12) return 4;
  if (code.endsWith('0000')) return 1;
  if (code.endsWith('00')) return 2;
  return 3;
}

export const regionRow = (r: RegionRecord, m: RowMeta) => ({
  region_code: r.region_code,
  region_name: r.region_name,
  parent_code: r.parent_code ?? '',
  level: regionLevel(r.region_code),
  ...m,
});

export const deptRow = (r: DeptRecord, m: RowMeta) => ({
  dept_code: r.dept_code,
  dept_name: r.dept_name,
  region_code: r.region_code,
  ...m,
});

export const itemRow = (r: ItemRecord, m: RowMeta) => ({
  item_code: r.item_code,
  item_name: r.item_name,
  item_type: r.item_type,
  dept_code: r.dept_code,
  region_code: r.region_code,
  legal_limit: r.legal_limit,
  promised_limit: r.promised_limit,
  limit_unit: r.limit_unit,
  is_immediate: r.is_immediate ? 1 : 0,
  max_trips: r.max_trips,
  online_depth: r.online_depth,
  ...m,
});

export const calendarOverrideRow = (r: CalendarRecord, m: RowMeta) => ({
  date: r.date,
  is_workday: r.is_workday ? 1 : 0,
  note: r.note ?? '',
  ...m,
});
