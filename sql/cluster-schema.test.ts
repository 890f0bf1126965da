import { describe, expect, test } from 'vitest';
import { SHARDED_TABLES } from '../server/sql/cluster-config.ts';
import { clusterStatements, ClusterSchemaError } from './cluster-schema.ts';
import { loadMigrations, splitStatements } from './migrate.ts';

const O = { cluster: 'tp_cluster', database: 'tp' };
const one = (statement: string): string => {
  const out = clusterStatements(statement, O);
  expect(out).toHaveLength(1);
  return out[0]!;
};

/** The table a CREATE TABLE statement creates, and its column list. */
const created = (statement: string): { name: string; columns: string } => {
  const m = /^CREATE TABLE IF NOT EXISTS (?:tp\.)?(\w+)(?: ON CLUSTER \w+)? (\([\s\S]*\))\s*ENGINE/.exec(statement);
  if (!m) throw new Error(`not a CREATE TABLE with columns: ${statement.slice(0, 80)}`);
  return { name: m[1]!, columns: m[2]! };
};

describe('every migration has a cluster variant', () => {
  const migrations = loadMigrations();
  const creates = migrations.flatMap((m) => m.statements.filter((s) => /^CREATE TABLE/i.test(s)));

  test('all statements of all migrations transform (a new migration included)', () => {
    expect(migrations.length).toBeGreaterThanOrEqual(7);
    for (const m of migrations) {
      for (const s of m.statements) expect(() => clusterStatements(s, O), m.id).not.toThrow();
    }
  });

  test('fact tables: a replicated local table per shard and a Distributed table under the original name', () => {
    for (const [table, key] of Object.entries(SHARDED_TABLES)) {
      const source = creates.find((s) => created(s).name === table);
      expect(source, table).toBeDefined();
      const [local, distributed] = clusterStatements(source!, O) as [string, string];
      expect(clusterStatements(source!, O)).toHaveLength(2);
      expect(local).toMatch(new RegExp(`^CREATE TABLE IF NOT EXISTS tp\\.${table}_local ON CLUSTER tp_cluster \\(`));
      expect(local).toContain(`ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/tp/${table}_local', '{replica}', version)`);
      expect(local).toMatch(/PARTITION BY partition_month\s+ORDER BY/);
      expect(distributed).toMatch(new RegExp(`^CREATE TABLE IF NOT EXISTS tp\\.${table} ON CLUSTER tp_cluster \\(`));
      expect(distributed).toContain(`ENGINE = Distributed(tp_cluster, tp, ${table}_local, ${key})`);
      // The same columns in both, exactly as the migration has them.
      expect(created(local).columns).toBe(created(source!).columns);
      expect(created(distributed).columns).toBe(created(source!).columns);
    }
    expect(SHARDED_TABLES.ratings).toBe(`cityHash64(if(case_id = '', rating_id, case_id))`);
    expect(SHARDED_TABLES.cases).toBe('cityHash64(case_id)');
    expect(SHARDED_TABLES.steps).toBe('cityHash64(case_id)');
  });

  test('every other table is replicated in full to every server, its engine arguments and keys kept', () => {
    const others = creates.filter((s) => !Object.hasOwn(SHARDED_TABLES, created(s).name));
    expect(others.length).toBeGreaterThan(20);
    for (const s of others) {
      const { name, columns } = created(s);
      const out = one(s);
      expect(out.startsWith(`CREATE TABLE IF NOT EXISTS tp.${name} ON CLUSTER tp_cluster (`), name).toBe(true);
      expect(created(out).columns, name).toBe(columns);
      expect(out, name).toContain(`('/clickhouse/tables/all/tp/${name}', '{shard}-{replica}'`);
      expect(out, name).not.toMatch(/Distributed/);
      const engine = /ENGINE = (\w+)(?:\(([^)]*)\))?/.exec(s)!;
      const args = engine[2] ? `, ${engine[2]}` : '';
      expect(out, name).toContain(`ENGINE = Replicated${engine[1]}('/clickhouse/tables/all/tp/${name}', '{shard}-{replica}'${args})`);
      // PARTITION BY / ORDER BY follow unchanged.
      const tail = s.slice(s.indexOf(engine[0]) + engine[0].length).trim();
      expect(out.endsWith(tail), name).toBe(true);
    }
    const names = others.map((s) => created(s).name);
    for (const t of ['regions', 'calendar', 'etl_runs', 'users', 'audit_log', 'anomalies', 'supervision_actions', 'eval_scorecards']) {
      expect(names).toContain(t);
    }
  });
});

describe('statements a new migration may contain', () => {
  test('a rollup table of another MergeTree engine is replicated in full', () => {
    const [s] = splitStatements(`-- 008_rollups.sql (example)
CREATE TABLE IF NOT EXISTS rollup_cases_month (
  month Date, dept_code String, n AggregateFunction(count), late AggregateFunction(sum, UInt64)
) ENGINE = AggregatingMergeTree PARTITION BY toYYYYMM(month) ORDER BY (month, dept_code);`);
    expect(one(s!)).toBe(`CREATE TABLE IF NOT EXISTS tp.rollup_cases_month ON CLUSTER tp_cluster (
  month Date, dept_code String, n AggregateFunction(count), late AggregateFunction(sum, UInt64)
)
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/all/tp/rollup_cases_month', '{shard}-{replica}') PARTITION BY toYYYYMM(month) ORDER BY (month, dept_code)`);
    expect(one('CREATE TABLE r (k String, v UInt64) ENGINE = SummingMergeTree((v)) ORDER BY k'))
      .toContain(`ENGINE = ReplicatedSummingMergeTree('/clickhouse/tables/all/tp/r', '{shard}-{replica}', (v)) ORDER BY k`);
  });

  test('string literals with parentheses and quotes in column types do not confuse the column list', () => {
    const out = one(`CREATE TABLE t (e Enum8('a(' = 1, 'it''s)' = 2), d DateTime('Asia/Shanghai')) ENGINE = MergeTree() ORDER BY e`);
    expect(out).toContain(`(e Enum8('a(' = 1, 'it''s)' = 2), d DateTime('Asia/Shanghai'))`);
    expect(out).toContain(`ENGINE = ReplicatedMergeTree('/clickhouse/tables/all/tp/t', '{shard}-{replica}') ORDER BY e`);
  });

  test('CREATE TABLE … AS another table', () => {
    expect(clusterStatements('CREATE TABLE IF NOT EXISTS cases_copy AS cases ENGINE = MergeTree ORDER BY case_id', O)).toEqual([
      `CREATE TABLE IF NOT EXISTS tp.cases_copy ON CLUSTER tp_cluster AS tp.cases_local
ENGINE = ReplicatedMergeTree('/clickhouse/tables/all/tp/cases_copy', '{shard}-{replica}') ORDER BY case_id`,
    ]);
  });

  test('views: ON CLUSTER, the tables they read qualified; POPULATE refused', () => {
    expect(one(`CREATE MATERIALIZED VIEW IF NOT EXISTS mv_daily TO rollup_daily AS
SELECT toDate(accepted_at) AS d, count() AS n FROM cases ARRAY JOIN susp_starts AS s
WHERE item_code IN (SELECT item_code FROM items) GROUP BY d`)).toBe(`CREATE MATERIALIZED VIEW IF NOT EXISTS tp.mv_daily ON CLUSTER tp_cluster TO tp.rollup_daily AS SELECT toDate(accepted_at) AS d, count() AS n FROM tp.cases ARRAY JOIN susp_starts AS s
WHERE item_code IN (SELECT item_code FROM tp.items) GROUP BY d`);
    expect(one('CREATE MATERIALIZED VIEW m ENGINE = SummingMergeTree ORDER BY d AS SELECT d, count() AS n FROM cases GROUP BY d'))
      .toBe(`CREATE MATERIALIZED VIEW tp.m ON CLUSTER tp_cluster ENGINE = ReplicatedSummingMergeTree('/clickhouse/tables/all/tp/m', '{shard}-{replica}') ORDER BY d AS SELECT d, count() AS n FROM tp.cases GROUP BY d`);
    expect(one(`CREATE VIEW v AS SELECT 'FROM x' AS s FROM system.one ALL INNER JOIN (SELECT 1 FROM regions) USING dummy`))
      .toBe(`CREATE VIEW tp.v ON CLUSTER tp_cluster AS SELECT 'FROM x' AS s FROM system.one ALL INNER JOIN (SELECT 1 FROM tp.regions) USING dummy`);
    expect(() => clusterStatements('CREATE MATERIALIZED VIEW m TO r POPULATE AS SELECT 1 FROM cases', O)).toThrow(ClusterSchemaError);
  });

  test('ALTER and DROP: ON CLUSTER; sharded tables on both tables for columns, the local one for partitions', () => {
    expect(clusterStatements('ALTER TABLE cases ADD COLUMN x UInt8 DEFAULT 0', O)).toEqual([
      'ALTER TABLE tp.cases_local ON CLUSTER tp_cluster ADD COLUMN x UInt8 DEFAULT 0',
      'ALTER TABLE tp.cases ON CLUSTER tp_cluster ADD COLUMN x UInt8 DEFAULT 0',
    ]);
    expect(clusterStatements('ALTER TABLE ratings DELETE WHERE level = 0', O)).toEqual([
      'ALTER TABLE tp.ratings_local ON CLUSTER tp_cluster DELETE WHERE level = 0',
    ]);
    expect(clusterStatements('ALTER TABLE regions DROP COLUMN y', O)).toEqual(['ALTER TABLE tp.regions ON CLUSTER tp_cluster DROP COLUMN y']);
    expect(clusterStatements('DROP TABLE IF EXISTS steps', O)).toEqual([
      'DROP TABLE IF EXISTS tp.steps ON CLUSTER tp_cluster', 'DROP TABLE IF EXISTS tp.steps_local ON CLUSTER tp_cluster',
    ]);
    expect(clusterStatements('DROP TABLE old_rollup', O)).toEqual(['DROP TABLE tp.old_rollup ON CLUSTER tp_cluster']);
  });

  test('a backfill INSERT … SELECT runs once, unchanged', () => {
    const s = 'INSERT INTO rollup_daily SELECT toDate(accepted_at), count() FROM cases GROUP BY 1';
    expect(clusterStatements(s, O)).toEqual([s]);
  });

  test('what cannot be replicated or is not understood is refused, naming the statement', () => {
    for (const s of [
      'CREATE TABLE t (x UInt8) ENGINE = Memory',
      'CREATE TABLE t (x UInt8) ENGINE = Log',
      'CREATE TABLE t (x UInt8) ENGINE = ReplicatedMergeTree(\'/p\', \'r\') ORDER BY x',
      'CREATE TABLE t ON CLUSTER c (x UInt8) ENGINE = MergeTree ORDER BY x',
      'CREATE TABLE t ENGINE = MergeTree ORDER BY x AS SELECT 1 AS x',
      'CREATE TABLE other.t (x UInt8) ENGINE = MergeTree ORDER BY x',
      'OPTIMIZE TABLE cases FINAL',
      'RENAME TABLE a TO b',
    ]) {
      expect(() => clusterStatements(s, O), s).toThrow(ClusterSchemaError);
    }
    expect(() => clusterStatements('CREATE TABLE t (x UInt8) ENGINE = Memory', O)).toThrow(/engine Memory.*in: CREATE TABLE t/);
  });

  test('names are checked', () => {
    expect(() => clusterStatements('DROP TABLE t', { cluster: 'a;b', database: 'tp' })).toThrow(/cluster name/);
    expect(() => clusterStatements('DROP TABLE t', { cluster: 'c', database: 'tp x' })).toThrow(/database name/);
    expect(clusterStatements('CREATE TABLE tp.t (x UInt8) ENGINE = MergeTree ORDER BY x', O)[0]).toMatch(/^CREATE TABLE tp\.t ON CLUSTER/);
  });
});
