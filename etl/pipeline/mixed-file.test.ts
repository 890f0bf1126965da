// A file of good and bad rows, in NDJSON and in CSV, both with a BOM, through
// parse → map → validate: every good row comes through, every bad row yields
// exactly one rejection with its line (data-contract.md: never dropped silently,
// one bad record never stops the batch).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { QuarantineReason, RawRecord } from '../contract/records.ts';
import { parseFile } from './parse/index.ts';
import { malformedRow } from './parse/types.ts';
import { prepareRecord } from './prepare.ts';
import { CTX, goodCase } from './validate/fixtures.ts';

type Row = { raw: RawRecord; expect: 'ok' | QuarantineReason } | { malformed: { ndjson: string; csv: string } };

const c = (id: string, over: RawRecord = {}): RawRecord => ({ ...goodCase(), case_id: id, ...over });

const ROWS: Row[] = [
  { raw: c('G1'), expect: 'ok' },
  { raw: c('B1', { status: 'accepted', finished_at: '', accepted_at: '' }), expect: 'accepted_at_missing' },
  { raw: c('G2', { channel: 'online', window_type: '' }), expect: 'ok' },
  // broken JSON / a CSV row with 3 fields under a longer header
  { malformed: { ndjson: '{"case_id": "M1", ', csv: 'M1,1,2' } },
  { raw: c('B2', { submitted_at: '2025-13-01 00:00:00' }), expect: 'bad_timestamp' },
  { raw: c('G3', { submitted_at: '2025-03-04T10:00:00', comment: 'ignored extra field' }), expect: 'ok' },
  { raw: c('B3', { promised_limit: '2.5' }), expect: 'bad_number' },
  { raw: c('B4', { region_code: '1101011' }), expect: 'bad_region_code' },
  { raw: c('G4', { status: 'withdrawn', accepted_at: '', finished_at: '', withdrawn_at: '2025-03-05 08:00:00' }), expect: 'ok' },
  { raw: c('B5', { window_type: '' }), expect: 'window_type_missing' },
  { raw: c('G5', { submitted_at: '20250304T080000.5' }), expect: 'ok' },
];

const FIELDS = Object.keys(c('x')).concat('comment');

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function ndjson(): string {
  return `\uFEFF${ROWS.map((r) => ('malformed' in r ? r.malformed.ndjson : JSON.stringify(r.raw))).join('\n')}`;
}

function csv(): string {
  const lines = ROWS.map((r) => ('malformed' in r ? r.malformed.csv : FIELDS.map((f) => csvCell(r.raw[f])).join(',')));
  // BOM + CRLF, as spreadsheet exports write them
  return `\uFEFF${FIELDS.join(',')}\r\n${lines.join('\r\n')}\r\n`;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tianping-mixed-'));
  await writeFile(join(dir, 'cases-1.ndjson'), ndjson());
  await writeFile(join(dir, 'cases-1.csv'), csv());
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each(['cases-1.ndjson', 'cases-1.csv'])('%s', (file) => {
  test('good rows through, bad rows rejected with their line and reason', async () => {
    const prepare = prepareRecord({ profile: 'canonical', source: 'drop', secret: CTX.secret, now: () => CTX.now });
    const written: string[] = [];
    const rejected: { line: number; reason: QuarantineReason }[] = [];
    for await (const row of parseFile(join(dir, file))) {
      const r = 'error' in row ? { ok: false as const, rejection: malformedRow(row.error) } : prepare('cases', row.raw);
      if (r.ok) written.push(r.record.case_id);
      else rejected.push({ line: row.line, reason: r.rejection.reason });
    }
    const expectedOk = ROWS.flatMap((r) => ('raw' in r && r.expect === 'ok' ? [r.raw.case_id] : []));
    const expectedBad = ROWS.flatMap((r, i) => {
      if ('malformed' in r) return [{ line: i + 1, reason: 'malformed_row' as const }];
      return r.expect === 'ok' ? [] : [{ line: i + 1, reason: r.expect }];
    });
    expect(written).toEqual(expectedOk);
    expect(rejected).toEqual(expectedBad);
    expect(written.length + rejected.length).toBe(ROWS.length);
  });
});
