// Watermarks of incremental sources, as versioned rows: the newest wins.
import type { Db } from '../../server/sql/client.ts';
import { sql } from '../../server/sql/literal.ts';
import type { Kind } from '../contract/records.ts';
import type { WatermarkStore } from '../sources/connector.ts';
import { toSeconds } from './clickhouse-values.ts';
import { nextVersion } from './version.ts';

export function clickhouseWatermarks(db: Db, runId: string): WatermarkStore {
  return {
    async get(source: string, kind: Kind): Promise<number | null> {
      const rows = await db.query<{ w: string }>(
        sql`SELECT argMax(watermark_ms, version) AS w FROM etl_watermarks WHERE source = ${source} AND kind = ${kind}
            GROUP BY source, kind`,
      );
      return rows[0] ? Number(rows[0].w) : null;
    },
    async commit(source: string, kind: Kind, watermarkMs: number): Promise<void> {
      await db.insert('etl_watermarks', [{
        source, kind, watermark_ms: watermarkMs, run_id: runId, committed_at: toSeconds(Date.now()), version: nextVersion(),
      }]);
    },
  };
}
