import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { KINDS, type Kind } from '../../contract/records.ts';
import { CONTRACT_FIELDS } from './fields.ts';
import { generateProvince } from './generate.ts';
import { createProvince } from './province.ts';
import type { RawRow, RawValue } from './types.ts';
import { MANIFEST_FILE, writeContractFiles } from './writer.ts';

const OPTS = { seed: 99, cases: 3000, months: 3, endDate: '2026-05-31' };
const data = generateProvince(OPTS);
const dirs: string[] = [];
const tmp = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'sim-writer-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function readKind(dir: string, kind: Kind): RawRow[] {
  const files = readdirSync(dir).filter((f) => f.startsWith(kind) && /\.(csv|ndjson)$/.test(f)).sort();
  return files.flatMap((f) => {
    const text = readFileSync(join(dir, f), 'utf8');
    if (f.endsWith('.ndjson')) return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as RawRow);
    return parse(text, { columns: true, bom: true }) as RawRow[];
  });
}

/** How a value reads back from CSV. */
const asCsv = (v: RawValue | undefined): string => (v === null || v === undefined ? '' : Array.isArray(v) ? v.join(';') : String(v));

describe('writeContractFiles', () => {
  it('writes contract-named files, split by rowsPerFile, that read back to the same rows', async () => {
    const dir = tmp();
    const res = await writeContractFiles(data, dir, { format: 'mixed', rowsPerFile: 2000 });
    const names = readdirSync(dir).sort();
    expect(names).toContain('regions.csv');
    expect(names).toContain('depts.csv');
    expect(names).toContain('items.ndjson');
    expect(names).toContain('calendar.csv');
    expect(names).toContain('cases-001.ndjson');
    expect(names).toContain('cases-002.ndjson');
    expect(names).toContain('ratings-001.csv');
    expect(names.filter((n) => n.startsWith('steps-')).length).toBeGreaterThan(3);
    expect(names).toContain(MANIFEST_FILE);
    for (const f of res.files.filter((x) => /^(cases|steps|ratings)-/.test(x.name))) expect(f.rows).toBeLessThanOrEqual(2000);

    for (const kind of KINDS) {
      const back = readKind(dir, kind);
      expect(back.length, kind).toBe(data[kind].length);
      if (kind === 'items' || kind === 'cases' || kind === 'steps') {
        expect(back).toEqual(JSON.parse(JSON.stringify(data[kind])));
      } else {
        const want = data[kind].map((r) => Object.fromEntries(CONTRACT_FIELDS[kind].map((f) => [f, asCsv(r[f])])));
        expect(back).toEqual(want);
      }
    }
    // Tags survive the ';' join.
    const tagged = data.ratings.find((r) => Array.isArray(r.tags) && r.tags.length > 1) as RawRow;
    const row = readKind(dir, 'ratings').find((r) => r.rating_id === tagged.rating_id && r.updated_at === tagged.updated_at) as RawRow;
    expect(String(row.tags).split(';')).toEqual(tagged.tags);
  });

  it('writes hand-maintained sheets the Excel way (BOM, CRLF)', async () => {
    const dir = tmp();
    await writeContractFiles(data, dir, { format: 'mixed' });
    const cal = readFileSync(join(dir, 'calendar.csv'));
    expect([...cal.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(cal.toString('utf8')).toContain('\r\n');
    expect(readFileSync(join(dir, 'depts.csv'))[0]).not.toBe(0xef);
  });

  it.each(['csv', 'ndjson'] as const)('format %s: one extension throughout (calendar is always CSV)', async (format) => {
    const dir = tmp();
    await writeContractFiles(data, dir, { format });
    for (const f of readdirSync(dir).filter((n) => n !== MANIFEST_FILE)) {
      expect(f.endsWith(f.startsWith('calendar') ? '.csv' : `.${format}`), f).toBe(true);
    }
    for (const kind of KINDS) expect(readKind(dir, kind).length, kind).toBe(data[kind].length);
  });

  it('streams a Province plan to the same bytes as the materialized data', async () => {
    const a = tmp();
    const b = tmp();
    const ra = await writeContractFiles(data, a, { rowsPerFile: 5000 });
    const rb = await writeContractFiles(createProvince(OPTS), b, { rowsPerFile: 5000 });
    const hash = (dir: string, f: string): string => createHash('sha256').update(readFileSync(join(dir, f))).digest('hex');
    expect(rb.files.map((f) => f.name)).toEqual(ra.files.map((f) => f.name));
    for (const f of ra.files) expect(hash(b, f.name), f.name).toBe(hash(a, f.name));
    expect(rb.manifest).toEqual(ra.manifest);
  });
});
