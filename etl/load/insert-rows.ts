// Bulk inserts of the loader (facts and dimensions) as TabSeparated text
// (etl/load/tsv.ts says why and how). The column types come from the
// database, read once per connection, so the encoder cannot drift
// from the schema; the column list is the rows' own keys.
import type { Db } from '../../server/sql/client.ts';
import { sql } from '../../server/sql/literal.ts';
import { encodeTsv, NotTsvEncodable } from './tsv.ts';

type ColumnTypes = Map<string, Map<string, string>>; // table → column → type

// One read of every table's columns per connection: system.columns costs
// ~0.1 s a query on 18.16, whatever the filter.
const typesByDb = new WeakMap<Db, Promise<ColumnTypes>>();

function readColumnTypes(db: Db): Promise<ColumnTypes> {
  let types = typesByDb.get(db);
  if (!types) {
    types = db
      .query<{ table: string; name: string; type: string }>(
        sql`SELECT table, name, type FROM system.columns WHERE database = currentDatabase()`,
      )
      .then((rows) => {
        const byTable: ColumnTypes = new Map();
        for (const r of rows) {
          const columns = byTable.get(r.table) ?? new Map<string, string>();
          columns.set(r.name, r.type);
          byTable.set(r.table, columns);
        }
        return byTable;
      });
    // A failed read is not cached: the next insert asks again.
    types.catch(() => typesByDb.delete(db));
    typesByDb.set(db, types);
  }
  return types;
}

/**
 * Inserts rows built by one row builder (every row has the keys of the first).
 * A batch holding a value TSV cannot carry exactly goes as JSONEachRow, as all
 * batches did before.
 */
export async function insertRows(db: Db, table: string, rows: readonly object[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  let types = (await readColumnTypes(db)).get(table);
  if (!types || columns.some((c) => !types!.has(c))) {
    // Created or changed since it was read (a migration in this process): read again.
    typesByDb.delete(db);
    types = (await readColumnTypes(db)).get(table) ?? new Map<string, string>();
  }
  let body: Buffer;
  try {
    body = encodeTsv(rows, columns, types);
  } catch (err) {
    if (err instanceof NotTsvEncodable) return db.insert(table, rows);
    throw err;
  }
  await db.insertTabSeparated(table, columns, body);
}
