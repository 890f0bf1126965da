// Every ETL run is recorded: start, end, status, per-kind counts, error.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../server/sql/client.ts';
import type { Kind } from '../contract/records.ts';
import { toSeconds } from './clickhouse-values.ts';
import { nextVersion } from './version.ts';

export interface KindStats {
  read: number;
  written: number;
  duplicates: number;
  stale: number;
  quarantined: number;
}

export type RunStats = Partial<Record<Kind, KindStats>>;

export const emptyStats = (): KindStats => ({ read: 0, written: 0, duplicates: 0, stale: 0, quarantined: 0 });

export class RunRecorder {
  readonly runId = randomUUID();
  private readonly startedAt = Date.now();

  constructor(private readonly db: Db, readonly job: string, readonly source: string) {}

  private async write(status: 'running' | 'ok' | 'failed', stats: RunStats, error: string, ended: boolean): Promise<void> {
    await this.db.insert('etl_runs', [{
      run_id: this.runId,
      job: this.job,
      source: this.source,
      started_at: toSeconds(this.startedAt),
      ended_at: ended ? toSeconds(Date.now()) : null,
      status,
      stats: JSON.stringify(stats),
      error,
      version: nextVersion(),
    }]);
  }

  start(): Promise<void> {
    return this.write('running', {}, '', false);
  }

  succeed(stats: RunStats): Promise<void> {
    return this.write('ok', stats, '', true);
  }

  fail(stats: RunStats, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    return this.write('failed', stats, message.slice(0, 4000), true);
  }
}
