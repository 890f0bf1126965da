// A fresh, migrated database per test file, dropped afterwards.
import { randomBytes } from 'node:crypto';
import { Db } from '../../server/sql/client.ts';
import { ident, sql } from '../../server/sql/literal.ts';
import { migrate } from '../../sql/migrate.ts';

export interface TestDb {
  db: Db;
  name: string;
  drop(): Promise<void>;
}

export async function freshDatabase(prefix = 'test'): Promise<TestDb> {
  const name = `tianping_${prefix}_${randomBytes(4).toString('hex')}`;
  await migrate({ database: name });
  const db = new Db({ database: name });
  return {
    db,
    name,
    async drop() {
      await db.command(sql`DROP DATABASE IF EXISTS ${ident(name, [name])}`);
      await db.close();
    },
  };
}
