// With CLICKHOUSE_URL set nothing local is started; otherwise the project's
// own server is started (or reused) and CLICKHOUSE_URL points at it.
import { startLocalServer } from './db.ts';

export async function ensureClickHouse(): Promise<string> {
  if (process.env.CLICKHOUSE_URL) return process.env.CLICKHOUSE_URL;
  const url = await startLocalServer();
  process.env.CLICKHOUSE_URL = url;
  return url;
}
