// `npm run migrate`: applies sql/migrations/NNN_*.sql in order, once each,
// recorded in schema_migrations (forward-only; a changed applied file is an
// error, never silently re-run). 18.16 takes one statement per request, so
// each file is split on statement-ending semicolons.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Db } from '../server/sql/client.ts';
import { ident, raw, sql } from '../server/sql/literal.ts';

const MIGRATIONS_DIR = resolve(fileURLToPath(import.meta.url), '../migrations');

export interface Migration {
  id: string;
  checksum: string;
  statements: string[];
}

/** Splits a migration file into statements, dropping `--` comments. */
export function splitStatements(text: string): string[] {
  const withoutComments = text
    .split('\n')
    .map((line) => {
      const at = line.indexOf('--');
      return at >= 0 ? line.slice(0, at) : line;
    })
    .join('\n');
  return withoutComments
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const text = readFileSync(resolve(dir, file), 'utf8');
      return {
        id: file.replace(/\.sql$/, ''),
        checksum: createHash('sha256').update(text).digest('hex'),
        statements: splitStatements(text),
      };
    });
}

/** Creates the database if needed and applies pending migrations. Returns the ids applied. */
export async function migrate(opts: { url?: string; database?: string } = {}): Promise<string[]> {
  const target = new Db(opts);
  const bootstrap = new Db({ url: target.url, database: 'default' });
  try {
    await bootstrap.command(sql`CREATE DATABASE IF NOT EXISTS ${ident(target.database, [target.database])}`);
  } finally {
    await bootstrap.close();
  }
  try {
    await target.command(raw(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id String, checksum String, applied_at DateTime('Asia/Shanghai')
    ) ENGINE = MergeTree ORDER BY id`));
    const applied = new Map(
      (await target.query<{ id: string; checksum: string }>(raw('SELECT id, checksum FROM schema_migrations'))).map(
        (r) => [r.id, r.checksum],
      ),
    );
    const done: string[] = [];
    for (const m of loadMigrations()) {
      const previous = applied.get(m.id);
      if (previous !== undefined) {
        if (previous !== m.checksum) {
          throw new Error(`migration ${m.id} was changed after it was applied; add a new migration instead`);
        }
        continue;
      }
      for (const statement of m.statements) await target.command(raw(statement));
      await target.insert('schema_migrations', [
        { id: m.id, checksum: m.checksum, applied_at: Math.floor(Date.now() / 1000) },
      ]);
      done.push(m.id);
    }
    return done;
  } finally {
    await target.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { ensureClickHouse } = await import('./local/ensure.ts');
  await ensureClickHouse();
  migrate()
    .then((ids) => console.log(ids.length ? `applied: ${ids.join(', ')}` : 'schema is up to date'))
    .catch((err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    });
}
