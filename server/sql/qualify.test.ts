import { describe, expect, test } from 'vitest';
import { clusterFromEnv, clusterQuerySettings, localTableOf } from './cluster-config.ts';
import { closingParen, qualifyTables } from './qualify.ts';

describe('qualifyTables', () => {
  test('tables after FROM and JOIN, at any depth', () => {
    expect(qualifyTables(`SELECT a FROM cases WHERE case_id IN (SELECT case_id FROM anomalies
      WHERE generation = (SELECT max(generation) FROM anomaly_generations)) AND x IN (SELECT y FROM db2.t)`, 'tp'))
      .toBe(`SELECT a FROM tp.cases WHERE case_id IN (SELECT case_id FROM tp.anomalies
      WHERE generation = (SELECT max(generation) FROM tp.anomaly_generations)) AND x IN (SELECT y FROM db2.t)`);
    expect(qualifyTables('SELECT * FROM items FINAL ALL LEFT JOIN (SELECT date FROM calendar) USING date ALL INNER JOIN\n  steps USING case_id', 'tp'))
      .toBe('SELECT * FROM tp.items FINAL ALL LEFT JOIN (SELECT date FROM tp.calendar) USING date ALL INNER JOIN\n  tp.steps USING case_id');
    expect(qualifyTables('insert into anomalies (a) select a from (select 1 from steps) all inner join cases using case_id', 'tp'))
      .toBe('insert into anomalies (a) select a from (select 1 from tp.steps) all inner join tp.cases using case_id');
  });

  test('leaves alone: qualified names, subqueries, table functions, ARRAY JOIN, string literals, statements without FROM', () => {
    for (const s of [
      'SELECT count() FROM system.parts WHERE table = \'cases\'',
      'SELECT number FROM numbers(10)',
      'SELECT x FROM (SELECT 1 AS x)',
      'SELECT s FROM tp.t ARRAY JOIN susp_starts AS s LEFT ARRAY JOIN tags',
      "SELECT 'FROM cases', 'it''s JOIN x', 'a\\\\' AS z",
      'OPTIMIZE TABLE cases_local PARTITION 202501 FINAL',
      'ALTER TABLE anomalies DROP PARTITION 5',
    ]) {
      expect(qualifyTables(s, 'tp'), s).toBe(s);
    }
  });

  test('large IN lists in linear time', () => {
    const ids = Array.from({ length: 50_000 }, (_, i) => `'C-${i}'`).join(', ');
    const q = `SELECT case_id FROM cases WHERE case_id IN (${ids})`;
    const t0 = performance.now();
    expect(qualifyTables(q, 'tp')).toBe(q.replace('FROM cases', 'FROM tp.cases'));
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  test('closingParen skips literals', () => {
    const s = `(a Enum8('(' = 1, ')' = 2), b String) ENGINE`;
    expect(s.slice(0, closingParen(s, 0))).toBe(`(a Enum8('(' = 1, ')' = 2), b String)`);
  });
});

describe('cluster configuration', () => {
  test('unset CLICKHOUSE_CLUSTER is the single-server mode', () => {
    expect(clusterFromEnv({})).toBeNull();
    expect(clusterFromEnv({ CLICKHOUSE_CLUSTER: '' })).toBeNull();
  });

  test('name, nodes and quorum from the environment, checked', () => {
    expect(clusterFromEnv({ CLICKHOUSE_CLUSTER: 'prod', CLICKHOUSE_CLUSTER_NODES: 'http://a:8123, http://b:8123/' }))
      .toEqual({ name: 'prod', nodes: ['http://a:8123', 'http://b:8123'], insertQuorum: 1 });
    expect(clusterFromEnv({ CLICKHOUSE_CLUSTER: 'prod', CLICKHOUSE_INSERT_QUORUM: '2' })).toEqual({ name: 'prod', nodes: null, insertQuorum: 2 });
    expect(() => clusterFromEnv({ CLICKHOUSE_CLUSTER: 'a b' })).toThrow();
    expect(() => clusterFromEnv({ CLICKHOUSE_CLUSTER: 'p', CLICKHOUSE_INSERT_QUORUM: '0' })).toThrow();
    expect(() => clusterFromEnv({ CLICKHOUSE_CLUSTER: 'p', CLICKHOUSE_CLUSTER_NODES: 'a:8123' })).toThrow();
  });

  test('settings: local products, synchronous distributed inserts, a quorum only above 1', () => {
    const base = clusterQuerySettings({ name: 'p', nodes: null, insertQuorum: 1 });
    expect(base).toMatchObject({ distributed_product_mode: 'local', insert_distributed_sync: '1', load_balancing: 'in_order' });
    expect(base).not.toHaveProperty('insert_quorum');
    expect(clusterQuerySettings({ name: 'p', nodes: null, insertQuorum: 2 })).toMatchObject({ insert_quorum: '2' });
  });

  test('local tables', () => {
    expect(localTableOf('cases')).toBe('cases_local');
    expect(localTableOf('regions')).toBe('regions');
  });
});
