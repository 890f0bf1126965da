// ClickHouse stopped mid-test → 503 with a message; restarted → the same server
// process answers again. Uses a ClickHouse instance of its own (own dir and
// ports) so that stopping it cannot disturb other tests.
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createApp } from '../server/app.ts';
import { ensureBootstrapAdmin } from '../server/auth/index.ts';
import { Db } from '../server/sql/client.ts';
import { LOCAL_DIR, localUrl, startLocalServer, stopLocalServer, type LocalServerOptions } from '../sql/local/db.ts';
import { migrate } from '../sql/migrate.ts';
import { listen, type TestClient } from './helpers/http.ts';

const own: LocalServerOptions = { dir: resolve(LOCAL_DIR, '../clickhouse-outage-test'), httpPort: 18223, tcpPort: 19100 };
let db: Db;
let client: TestClient;

beforeAll(async () => {
  await startLocalServer(own);
  await migrate({ url: localUrl(own), database: 'tianping_outage' });
  db = new Db({ url: localUrl(own), database: 'tianping_outage' });
  await ensureBootstrapAdmin(db, 'outage-admin:outage-password-1');
  client = await listen(createApp({ db, secret: 'outage-secret-0123456789' }));
  expect((await client.login('outage-admin', 'outage-password-1')).status).toBe(200);
});

afterAll(async () => {
  await client?.close();
  await db?.close();
  await stopLocalServer(own);
});

test('health and data endpoints answer 503 while ClickHouse is down and recover after', async () => {
  const up = await client.get('/api/health');
  expect(up.status).toBe(200);
  expect(up.body.clickhouse).toEqual({ ok: true, version: '18.16.1' });
  expect((await client.get('/api/admin/users')).status).toBe(200);

  await stopLocalServer(own);

  const down = await client.get('/api/health');
  expect(down.status).toBe(503);
  expect(down.body.clickhouse.ok).toBe(false);
  expect(down.headers.get('retry-after')).toBe('5');
  const data = await client.get('/api/admin/users');
  expect(data.status).toBe(503);
  expect(data.body.error.code).toBe('clickhouse_unavailable');
  expect(data.body.error.message).toMatch(/数据库暂时不可用.*database is unavailable/);

  await startLocalServer(own);

  const again = await client.get('/api/health');
  expect(again.status).toBe(200);
  expect((await client.get('/api/admin/users')).status).toBe(200);
}, 120_000);
