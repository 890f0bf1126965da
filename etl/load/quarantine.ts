// Quarantine writer: a rejected row is never dropped silently; it is kept with
// source, file, line, field, reason and the raw record (data-contract.md).
import type { Db } from '../../server/sql/client.ts';
import type { Kind, Rejection } from '../contract/records.ts';
import { toSeconds } from './clickhouse-values.ts';

export interface QuarantinedRow {
  kind: Kind;
  source: string;
  file: string;
  fileHash: string;
  line: number;
  rejection: Rejection;
  raw: unknown;
}

const RAW_LIMIT = 64 * 1024;

export class QuarantineWriter {
  private buffer: object[] = [];
  constructor(private readonly db: Db, private readonly runId: string) {}

  add(q: QuarantinedRow): void {
    let rawText = typeof q.raw === 'string' ? q.raw : JSON.stringify(q.raw);
    if (rawText.length > RAW_LIMIT) rawText = `${rawText.slice(0, RAW_LIMIT)}…`;
    this.buffer.push({
      source: q.source,
      file_hash: q.fileHash,
      line: q.line,
      kind: q.kind,
      file: q.file,
      field: q.rejection.field ?? '',
      reason: q.rejection.reason,
      detail: q.rejection.detail,
      raw: rawText,
      run_id: this.runId,
      quarantined_at: toSeconds(Date.now()),
    });
  }

  get pending(): number {
    return this.buffer.length;
  }

  async flush(): Promise<void> {
    const rows = this.buffer;
    this.buffer = [];
    await this.db.insert('quarantine', rows);
  }
}
