// The cluster variant of the schema, generated from the same migration files
// (sql/migrations/*.sql stay the single source; README: "Running on a
// ClickHouse cluster"). Each statement of a migration is rewritten for
// CLICKHOUSE_CLUSTER=<cluster>:
//
// - CREATE TABLE of a sharded table (server/sql/cluster-config.ts: cases,
//   steps, ratings) becomes two statements, both ON CLUSTER:
//     <db>.<name>_local  Replicated<Engine>('/clickhouse/tables/{shard}/<db>/<name>_local', '{replica}', <args>)
//     <db>.<name>        Distributed(<cluster>, <db>, <name>_local, <sharding key>)
//   so every query keeps reading `<name>`.
// - CREATE TABLE of any other table (dimensions, calendar, bookkeeping,
//   users, audit, anomalies, supervision, evaluation, rollups, whatever a new
//   migration adds): one copy on every server of the cluster,
//     Replicated<Engine>('/clickhouse/tables/all/<db>/<name>', '{shard}-{replica}', <args>) ON CLUSTER
//   (one ZooKeeper path for all servers, the replica name unique across
//   shards), so joins and IN subqueries against them stay local everywhere.
// - CREATE [MATERIALIZED] VIEW: ON CLUSTER, with the tables of its SELECT
//   qualified by the database (a DDL replayed by another server runs in its
//   `default` database); an inner engine is replicated like a table. A
//   view over a sharded table reads (or, materialized, is fed by inserts
//   into) its Distributed table on the server where the insert happens.
// - ALTER TABLE / DROP TABLE: ON CLUSTER, on both tables of a sharded table
//   (only the local one for partition and mutation statements).
// - INSERT … SELECT (backfills): unchanged, run once; the Distributed and
//   replicated tables spread the rows.
// Anything else is refused with the statement, rather than guessed at.
//
// Names: identifiers only (no quoting), as in every migration here.
import { SHARDED_TABLES, isShardedTable, localTableOf } from '../server/sql/cluster-config.ts';
import { closingParen, qualifyTables } from '../server/sql/qualify.ts';

export interface ClusterSchemaOptions {
  cluster: string;
  database: string;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ZK_ROOT = '/clickhouse/tables';

/** Engines that have a Replicated variant taking (zookeeper path, replica name, …the same arguments). */
const REPLICABLE_ENGINE = /^(|Replacing|Summing|Aggregating|Collapsing|VersionedCollapsing|Graphite)MergeTree$/;

export class ClusterSchemaError extends Error {
  constructor(message: string, statement: string) {
    super(`${message} (cluster mode) in: ${statement.replace(/\s+/g, ' ').slice(0, 160)}`);
    this.name = 'ClusterSchemaError';
  }
}

interface Parsed {
  ifNotExists: string;
  name: string;
}

function checkName(name: string, statement: string, database: string): string {
  const parts = name.split('.');
  if (parts.length === 2) {
    if (parts[0] !== database) throw new ClusterSchemaError(`a table of another database (${parts[0]})`, statement);
    return parts[1]!;
  }
  return name;
}

/** Rewrites `ENGINE = X(args)` (X of the MergeTree family) into its Replicated variant with the given path and replica. */
function replicatedEngine(engineText: string, path: string, replica: string, statement: string): string {
  const m = /^ENGINE\s*=\s*([A-Za-z]+)/i.exec(engineText);
  if (!m) throw new ClusterSchemaError('no ENGINE clause', statement);
  const engine = m[1]!;
  if (!REPLICABLE_ENGINE.test(engine)) {
    throw new ClusterSchemaError(`engine ${engine} has no replicated variant (use the MergeTree family)`, statement);
  }
  let rest = engineText.slice(m[0].length);
  let args = '';
  const open = /^\s*\(/.exec(rest);
  if (open) {
    const end = closingParen(rest, open[0].length - 1);
    args = rest.slice(open[0].length, end - 1).trim();
    rest = rest.slice(end);
  }
  const replicatedArgs = [`'${path}'`, `'${replica}'`, ...(args ? [args] : [])].join(', ');
  return `ENGINE = Replicated${engine}(${replicatedArgs})${rest.length > 0 && !/^\s/.test(rest) ? ' ' : ''}${rest}`;
}

function createTable(statement: string, o: ClusterSchemaOptions): string[] {
  const head = /^CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)\s*/i.exec(statement);
  if (!head) throw new ClusterSchemaError('cannot read the CREATE TABLE head', statement);
  const p: Parsed = { ifNotExists: head[1] ? 'IF NOT EXISTS ' : '', name: checkName(head[2]!, statement, o.database) };
  let rest = statement.slice(head[0].length);
  if (/\bON\s+CLUSTER\b/i.test(rest.slice(0, 40)) || /^ON\s/i.test(rest)) {
    throw new ClusterSchemaError('ON CLUSTER belongs to the generated variant, not to the migration', statement);
  }
  let columns: string;
  if (rest.startsWith('(')) {
    const end = closingParen(rest, 0);
    columns = rest.slice(0, end);
    rest = rest.slice(end).trim();
  } else {
    const as = /^AS\s+([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)\s*/i.exec(rest);
    if (!as) throw new ClusterSchemaError('expected a column list or AS <table>', statement);
    const other = checkName(as[1]!, statement, o.database);
    columns = `AS ${o.database}.${localTableOf(other)}`;
    rest = rest.slice(as[0].length).trim();
  }
  if (!/^ENGINE\s*=/i.test(rest)) throw new ClusterSchemaError('expected ENGINE after the columns', statement);
  if (/\bAS\s+SELECT\b/i.test(rest)) throw new ClusterSchemaError('CREATE TABLE … AS SELECT is not supported', statement);
  const onCluster = `ON CLUSTER ${o.cluster}`;
  const db = o.database;
  if (isShardedTable(p.name)) {
    const local = localTableOf(p.name);
    const engine = replicatedEngine(rest, `${ZK_ROOT}/{shard}/${db}/${local}`, '{replica}', statement);
    return [
      `CREATE TABLE ${p.ifNotExists}${db}.${local} ${onCluster} ${columns}\n${engine}`,
      `CREATE TABLE ${p.ifNotExists}${db}.${p.name} ${onCluster} ${columns.startsWith('AS ') ? `AS ${db}.${local}` : columns}\n`
        + `ENGINE = Distributed(${o.cluster}, ${db}, ${local}, ${SHARDED_TABLES[p.name]})`,
    ];
  }
  const engine = replicatedEngine(rest, `${ZK_ROOT}/all/${db}/${p.name}`, '{shard}-{replica}', statement);
  return [`CREATE TABLE ${p.ifNotExists}${db}.${p.name} ${onCluster} ${columns}\n${engine}`];
}

function createView(statement: string, o: ClusterSchemaOptions): string[] {
  const head = /^CREATE\s+(MATERIALIZED\s+)?VIEW\s+(IF\s+NOT\s+EXISTS\s+)?([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)\s*/i.exec(statement);
  if (!head) throw new ClusterSchemaError('cannot read the CREATE VIEW head', statement);
  const materialized = Boolean(head[1]);
  const name = checkName(head[3]!, statement, o.database);
  if (isShardedTable(name)) throw new ClusterSchemaError(`a view may not take the name of sharded table ${name}`, statement);
  const rest = statement.slice(head[0].length);
  const asSelect = /\bAS\s+SELECT\b/i.exec(rest);
  if (!asSelect) throw new ClusterSchemaError('expected AS SELECT', statement);
  let middle = rest.slice(0, asSelect.index).trim();
  const select = rest.slice(asSelect.index + 3).trim();
  if (/\bPOPULATE\b/i.test(middle)) {
    // Every server would populate its copy from the whole Distributed table.
    throw new ClusterSchemaError('POPULATE is not supported: create the view, then INSERT … SELECT the backfill', statement);
  }
  let target = '';
  const to = /^TO\s+([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)\s*/i.exec(middle);
  if (to) {
    if (!materialized) throw new ClusterSchemaError('TO is for materialized views', statement);
    target = ` TO ${o.database}.${checkName(to[1]!, statement, o.database)}`;
    middle = middle.slice(to[0].length).trim();
  }
  let engine = '';
  if (middle !== '') {
    if (!materialized || target) throw new ClusterSchemaError(`unexpected '${middle.slice(0, 40)}'`, statement);
    engine = ` ${replicatedEngine(middle, `${ZK_ROOT}/all/${o.database}/${name}`, '{shard}-{replica}', statement)}`;
  }
  const kind = materialized ? 'MATERIALIZED VIEW' : 'VIEW';
  const ifNotExists = head[2] ? 'IF NOT EXISTS ' : '';
  return [`CREATE ${kind} ${ifNotExists}${o.database}.${name} ON CLUSTER ${o.cluster}${target}${engine} AS ${qualifyTables(select, o.database)}`];
}

/** ALTER statements that change columns apply to the Distributed table too; partitions and mutations only to the local one. */
const COLUMN_ALTER = /^(ADD|DROP|MODIFY|CLEAR|COMMENT|RENAME)\s+COLUMN\b/i;

function alterTable(statement: string, o: ClusterSchemaOptions): string[] {
  const head = /^ALTER\s+TABLE\s+([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)\s+/i.exec(statement);
  if (!head) throw new ClusterSchemaError('cannot read the ALTER TABLE head', statement);
  const name = checkName(head[1]!, statement, o.database);
  const rest = statement.slice(head[0].length).trim();
  if (/^ON\s+CLUSTER\b/i.test(rest)) throw new ClusterSchemaError('ON CLUSTER belongs to the generated variant', statement);
  const on = (t: string) => `ALTER TABLE ${o.database}.${t} ON CLUSTER ${o.cluster} ${rest}`;
  if (!isShardedTable(name)) return [on(name)];
  return COLUMN_ALTER.test(rest) ? [on(localTableOf(name)), on(name)] : [on(localTableOf(name))];
}

function dropTable(statement: string, o: ClusterSchemaOptions): string[] {
  const m = /^DROP\s+(TABLE|VIEW)\s+(IF\s+EXISTS\s+)?([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)\s*$/i.exec(statement);
  if (!m) throw new ClusterSchemaError('cannot read the DROP statement', statement);
  const name = checkName(m[3]!, statement, o.database);
  const drop = (t: string) => `DROP ${m[1]!.toUpperCase()} ${m[2] ? 'IF EXISTS ' : ''}${o.database}.${t} ON CLUSTER ${o.cluster}`;
  return isShardedTable(name) ? [drop(name), drop(localTableOf(name))] : [drop(name)];
}

/** One migration statement (comments already stripped, no trailing `;`) → the statements to run in cluster mode, in order. */
export function clusterStatements(statement: string, o: ClusterSchemaOptions): string[] {
  if (!IDENT.test(o.cluster)) throw new Error(`invalid cluster name: ${o.cluster}`);
  if (!IDENT.test(o.database)) throw new Error(`invalid database name: ${o.database}`);
  const s = statement.trim();
  if (/^CREATE\s+TABLE\b/i.test(s)) return createTable(s, o);
  if (/^CREATE\s+(MATERIALIZED\s+)?VIEW\b/i.test(s)) return createView(s, o);
  if (/^ALTER\s+TABLE\b/i.test(s)) return alterTable(s, o);
  if (/^DROP\s+(TABLE|VIEW)\b/i.test(s)) return dropTable(s, o);
  if (/^INSERT\s+INTO\b/i.test(s)) return [s];
  throw new ClusterSchemaError('unsupported statement', s);
}
