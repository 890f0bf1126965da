// `npm run migrate`: applies sql/migrations/NNN_*.sql in order, once each,
// recorded in schema_migrations (forward-only; a changed applied file is an
// error, never silently re-run). 18.16 takes one statement per request, so
// each file is split on statement-ending semicolons.
// In cluster mode (CLICKHOUSE_CLUSTER) every statement is first rewritten by
// cluster-schema.ts (ON CLUSTER, replicated and Distributed tables); the
// checksums are those of the same files, so both modes share one history.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Db } from '../server/sql/client.ts';
import type { ClusterConfig } from '../server/sql/cluster-config.ts';
import { ident, raw, sql, str, type Sql } from '../server/sql/literal.ts';
import { clusterStatements } from './cluster-schema.ts';

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

const SCHEMA_MIGRATIONS = `CREATE TABLE IF NOT EXISTS schema_migrations (
      id String, checksum String, applied_at DateTime('Asia/Shanghai')
    ) ENGINE = MergeTree ORDER BY id`;

/** Creates the database if needed and applies pending migrations. Returns the ids applied. */
export async function migrate(opts: { url?: string; database?: string; cluster?: ClusterConfig | null } = {}): Promise<string[]> {
  const target = new Db(opts);
  const cluster = target.cluster;
  const bootstrap = new Db({ url: target.url, database: 'default', cluster });
  // Cluster mode: ON CLUSTER DDL waits for every server (and fails after
  // 180 s while one is down), so what already exists is not created again:
  // with no pending migration a start-up runs no DDL, whatever is down.
  const exists = async (q: Sql): Promise<boolean> => Number((await bootstrap.query<{ n: string }>(q))[0]?.n ?? 0) > 0;
  const database = ident(target.database, [target.database]);
  try {
    if (!cluster) {
      await bootstrap.command(sql`CREATE DATABASE IF NOT EXISTS ${database}`);
    } else if (!(await exists(sql`SELECT count() AS n FROM system.databases WHERE name = ${str(target.database)}`))) {
      await bootstrap.command(sql`CREATE DATABASE IF NOT EXISTS ${database} ON CLUSTER ${ident(cluster.name, [cluster.name])}`);
    }
  } catch (err) {
    await bootstrap.close();
    throw err;
  }
  // The statements of the configured mode: as written, or their cluster variant.
  const statements = (statement: string): string[] =>
    cluster ? clusterStatements(statement, { cluster: cluster.name, database: target.database }) : [statement];
  try {
    if (!cluster || !(await exists(sql`SELECT count() AS n FROM system.tables
        WHERE database = ${str(target.database)} AND name = 'schema_migrations'`))) {
      for (const s of statements(SCHEMA_MIGRATIONS)) await target.command(raw(s));
    }
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
      for (const statement of m.statements) {
        for (const s of statements(statement)) await target.command(raw(s));
      }
      await target.insert('schema_migrations', [
        { id: m.id, checksum: m.checksum, applied_at: Math.floor(Date.now() / 1000) },
      ]);
      done.push(m.id);
    }
    return done;
  } finally {
    await Promise.all([target.close(), bootstrap.close()]);
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
