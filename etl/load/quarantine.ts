// Quarantine writer: a rejected row is never dropped silently; it is kept with
// source, file, line, field, reason and the raw record (data-contract.md).
import type { Db } from '../../server/sql/client.ts';
import { list, sql, str } from '../../server/sql/literal.ts';
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

interface QuarantineRow {
  source: string;
  file_hash: string;
  line: number;
  [column: string]: unknown;
}

const keyOf = (r: { source: string; file_hash: string; line: number | string }) => `${r.source}\u0000${r.file_hash}\u0000${Number(r.line)}`;

export class QuarantineWriter {
  private buffer: QuarantineRow[] = [];
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
    if (rows.length === 0) return;
    // One row per (source, file_hash, line): a line already quarantined (the
    // same file imported again) is not written again, so the table does not
    // grow until a background merge happens to collapse the copies.
    const stored = await this.db.query<{ source: string; file_hash: string; line: number }>(
      sql`SELECT DISTINCT source, file_hash, line FROM quarantine
          WHERE file_hash IN ${list([...new Set(rows.map((r) => r.file_hash))], str)}`,
    );
    const seen = new Set(stored.map(keyOf));
    const fresh = rows.filter((r) => {
      const key = keyOf(r);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    await this.db.insert('quarantine', fresh);
  }
}
