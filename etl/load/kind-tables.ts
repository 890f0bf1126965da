// How each kind is keyed and stored: its table, id, version timestamp and the
// partition its first version lands in. The loader is generic over these.
import type { Kind, RecordOfKind } from '../contract/records.ts';
import { monthOf } from './clickhouse-values.ts';

export interface KindTable<K extends Kind> {
  kind: K;
  table: string;
  /** SQL expression of the id as one string, and the column the lookup filters on. */
  idExpr: string;
  lookupColumn: string;
  idOf(r: RecordOfKind[K]): string;
  /** The value the lookup filters `lookupColumn` by. */
  lookupKeyOf(r: RecordOfKind[K]): string;
  updatedMsOf(r: RecordOfKind[K]): number;
  /** Fact tables are partitioned by the month of their first version; dimensions are not partitioned. */
  firstMonthOf: ((r: RecordOfKind[K]) => number) | null;
}

// data-contract.md: "Kinds whose updated_at is optional (regions, depts,
// calendar) follow import order" — their version timestamp is constant, so the
// later record always wins and identical ones are duplicates.
const importOrderOnly = (): number => 0;

export const KIND_TABLES: { [K in Kind]: KindTable<K> } = {
  regions: {
    kind: 'regions', table: 'regions', idExpr: 'region_code', lookupColumn: 'region_code',
    idOf: (r) => r.region_code, lookupKeyOf: (r) => r.region_code, updatedMsOf: importOrderOnly, firstMonthOf: null,
  },
  depts: {
    kind: 'depts', table: 'depts', idExpr: 'dept_code', lookupColumn: 'dept_code',
    idOf: (r) => r.dept_code, lookupKeyOf: (r) => r.dept_code, updatedMsOf: importOrderOnly, firstMonthOf: null,
  },
  items: {
    kind: 'items', table: 'items', idExpr: 'item_code', lookupColumn: 'item_code',
    idOf: (r) => r.item_code, lookupKeyOf: (r) => r.item_code, updatedMsOf: (r) => r.updated_at, firstMonthOf: null,
  },
  calendar: {
    kind: 'calendar', table: 'calendar_overrides', idExpr: 'toString(date)', lookupColumn: 'date',
    idOf: (r) => r.date, lookupKeyOf: (r) => r.date, updatedMsOf: importOrderOnly, firstMonthOf: null,
  },
  cases: {
    kind: 'cases', table: 'cases', idExpr: 'case_id', lookupColumn: 'case_id',
    idOf: (r) => r.case_id, lookupKeyOf: (r) => r.case_id, updatedMsOf: (r) => r.updated_at,
    firstMonthOf: (r) => monthOf(r.submitted_at),
  },
  steps: {
    kind: 'steps', table: 'steps', idExpr: "concat(case_id, '#', toString(seq))", lookupColumn: 'case_id',
    idOf: (r) => `${r.case_id}#${r.seq}`, lookupKeyOf: (r) => r.case_id, updatedMsOf: (r) => r.updated_at,
    firstMonthOf: (r) => monthOf(r.started_at),
  },
  ratings: {
    kind: 'ratings', table: 'ratings', idExpr: 'rating_id', lookupColumn: 'rating_id',
    idOf: (r) => r.rating_id, lookupKeyOf: (r) => r.rating_id, updatedMsOf: (r) => r.updated_at,
    firstMonthOf: (r) => monthOf(r.rated_at),
  },
};
