// Integration tests run against a real ClickHouse: the project's own local
// server (started here if needed) or CLICKHOUSE_URL. Each test file makes a
// fresh database of its own (test/helpers/db.ts), so demo data is never touched.
import { ensureClickHouse } from '../sql/local/ensure.ts';

export default async function setup(): Promise<void> {
  const url = await ensureClickHouse();
  process.env.CLICKHOUSE_URL = url;
}
