// Reads the current version (highest `version`) of the given ids, so that a
// batch can be classified before anything is written.
import type { Db } from '../../server/sql/client.ts';
import { list, raw, sql, str } from '../../server/sql/literal.ts';
import type { Kind } from '../contract/records.ts';
import type { CurrentState } from './classify.ts';
import type { KindTable } from './kind-tables.ts';

export async function readCurrentStates<K extends Kind>(
  db: Db,
  kt: KindTable<K>,
  lookupKeys: readonly string[],
): Promise<Map<string, CurrentState>> {
  const states = new Map<string, CurrentState>();
  if (lookupKeys.length === 0) return states;
  const unique = [...new Set(lookupKeys)];
  const keyList = kt.kind === 'calendar' ? list(unique, (d) => sql`toDate(${str(d)})`) : list(unique, str);
  const partition = kt.firstMonthOf ? 'argMax(partition_month, version)' : '0';
  const rows = await db.query<{ id: string; updated_ms: string; row_hash: string; partition_month: number }>(
    sql`SELECT ${raw(kt.idExpr)} AS id, argMax(updated_ms, version) AS updated_ms, argMax(row_hash, version) AS row_hash,
        ${raw(partition)} AS partition_month
        FROM ${raw(kt.table)} WHERE ${raw(kt.lookupColumn)} IN ${keyList} GROUP BY id`,
  );
  for (const r of rows) {
    states.set(r.id, { updatedMs: Number(r.updated_ms), hash: r.row_hash, partitionMonth: Number(r.partition_month) });
  }
  return states;
}
