// Contract files on disk (data-contract.md file names): regions, depts, items,
// calendar in one file each; cases/steps/ratings split into numbered files
// (cases-001.ndjson, …) of at most rowsPerFile rows. Writes stream through a
// 1 MB buffer, so a 20 M-case province never sits in memory.
import { mkdir, open, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kind } from '../../contract/records.ts';
import { csvHeader, csvLine, ndjsonLine } from './csv.ts';
import { CONTRACT_FIELDS } from './fields.ts';
import { countDimensions, emptyManifest, generateCases } from './generate.ts';
import type { Province } from './province.ts';
import { dateOf, iso } from './time.ts';
import type { Manifest, RawRow, SimulatedData } from './types.ts';

export type FileFormat = 'ndjson' | 'csv' | 'mixed';

export interface WriteOptions {
  format?: FileFormat;
  /** Rows per cases/steps/ratings file before the next file is started (default 100 000). */
  rowsPerFile?: number;
}

export interface WrittenFile {
  kind: Kind;
  name: string;
  rows: number;
  bytes: number;
}

export interface WriteResult {
  dir: string;
  files: WrittenFile[];
  manifest: Manifest;
}

/** File name of the manifest written next to the data (not a contract kind: connectors skip it). */
export const MANIFEST_FILE = 'simulator-manifest.json';

const MIXED: Record<Kind, 'csv' | 'ndjson'> = {
  regions: 'csv', depts: 'csv', items: 'ndjson', calendar: 'csv', cases: 'ndjson', steps: 'ndjson', ratings: 'csv',
};

function extension(format: FileFormat, kind: Kind): 'csv' | 'ndjson' {
  if (kind === 'calendar') return 'csv'; // the contract accepts the calendar as csv|xlsx only
  return format === 'mixed' ? MIXED[kind] : format;
}

const FLUSH_AT = 1 << 20;

/** A kind's output: one file, or numbered files rotated every rowsPerFile rows. */
class KindWriter {
  readonly files: WrittenFile[] = [];
  private handle: FileHandle | null = null;
  private current: WrittenFile | null = null;
  private buf: string[] = [];
  private bufLen = 0;
  private readonly eol: string;
  private readonly bom: boolean;
  private readonly line: (row: RawRow) => string;
  /** The write in flight: generation of the next megabyte overlaps it. */
  private pending: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dir: string,
    private readonly kind: Kind,
    private readonly ext: 'csv' | 'ndjson',
    private readonly rowsPerFile: number | null,
  ) {
    // Hand-maintained sheets come out of Excel on Windows: BOM + CRLF (the contract allows both).
    const excel = ext === 'csv' && (kind === 'calendar' || kind === 'regions');
    this.eol = excel ? '\r\n' : '\n';
    this.bom = excel;
    const fields = CONTRACT_FIELDS[kind];
    this.line = ext === 'csv' ? (row) => csvLine(fields, row, this.eol) : ndjsonLine;
  }

  private async start(): Promise<void> {
    const n = this.files.length + 1;
    const name = this.rowsPerFile === null ? `${this.kind}.${this.ext}` : `${this.kind}-${String(n).padStart(3, '0')}.${this.ext}`;
    this.handle = await open(join(this.dir, name), 'w');
    this.current = { kind: this.kind, name, rows: 0, bytes: 0 };
    this.files.push(this.current);
    if (this.bom) this.push('\uFEFF');
    if (this.ext === 'csv') this.push(csvHeader(CONTRACT_FIELDS[this.kind], this.eol));
  }

  private push(s: string): void {
    this.buf.push(s);
    this.bufLen += s.length;
  }

  /** Hands the buffer to the file; resolves once the previous write is done (at most one in flight). */
  private async flush(): Promise<void> {
    if (this.bufLen === 0 || !this.handle || !this.current) return;
    const data = Buffer.from(this.buf.join(''), 'utf8');
    this.buf = [];
    this.bufLen = 0;
    this.current.bytes += data.length;
    const previous = this.pending;
    const handle = this.handle;
    this.pending = previous.then(() => handle.write(data));
    await previous;
  }

  /**
   * Buffers a row; returns a promise only when I/O is due (file start, flush,
   * rotation), so the hot loop awaits once per megabyte, not once per row.
   */
  write(row: RawRow): Promise<void> | undefined {
    if (!this.handle) return this.start().then(() => this.write(row));
    this.push(this.line(row));
    const cur = this.current as WrittenFile;
    cur.rows++;
    if (this.rowsPerFile !== null && cur.rows >= this.rowsPerFile) return this.close();
    if (this.bufLen >= FLUSH_AT) return this.flush();
    return undefined;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.pending;
    await this.handle?.close();
    this.handle = null;
    this.current = null;
  }

  /** Every kind gets at least one file (header only for an empty CSV). */
  async finish(): Promise<void> {
    if (this.files.length === 0) await this.start();
    await this.close();
  }
}

/**
 * Writes a province as contract files into `dir` (created if missing).
 * `data` is either materialized (generateProvince) or a Province plan
 * (createProvince), whose cases are then generated while writing.
 */
export async function writeContractFiles(data: SimulatedData | Province, dir: string, opts: WriteOptions = {}): Promise<WriteResult> {
  const format = opts.format ?? 'mixed';
  const rowsPerFile = opts.rowsPerFile ?? 100_000;
  if (!Number.isInteger(rowsPerFile) || rowsPerFile < 1) throw new RangeError(`rowsPerFile must be a positive integer, got ${rowsPerFile}`);
  await mkdir(dir, { recursive: true });
  const writer = (kind: Kind): KindWriter =>
    new KindWriter(dir, kind, extension(format, kind), kind === 'cases' || kind === 'steps' || kind === 'ratings' ? rowsPerFile : null);
  const w = {
    regions: writer('regions'), depts: writer('depts'), items: writer('items'), calendar: writer('calendar'),
    cases: writer('cases'), steps: writer('steps'), ratings: writer('ratings'),
  } satisfies Record<Kind, KindWriter>;

  const streaming = 'cum' in data;
  const dims = streaming ? data.dimensions : data;
  // Synchronous unless a write needs I/O: one await per flushed megabyte, not per row.
  const put = (kind: Kind, rows: readonly RawRow[], from = 0): Promise<void> | undefined => {
    const kw = w[kind];
    for (let j = from; j < rows.length; j++) {
      const io = kw.write(rows[j] as RawRow);
      if (io) return io.then(() => put(kind, rows, j + 1));
    }
    return undefined;
  };
  for (const kind of ['regions', 'depts', 'items', 'calendar'] as const) await put(kind, dims[kind]);

  let manifest: Manifest;
  if (streaming) {
    manifest = emptyManifest();
    countDimensions(data, manifest);
    for (const b of generateCases(data, manifest)) {
      for (const kind of ['cases', 'steps', 'ratings'] as const) {
        const io = put(kind, b[kind]);
        if (io) await io;
      }
    }
  } else {
    manifest = data.manifest;
    for (const kind of ['cases', 'steps', 'ratings'] as const) await put(kind, data[kind]);
  }
  for (const kw of Object.values(w)) await kw.finish();

  const info = streaming
    ? { seed: data.opts.seed, startDate: dateOf(data.startDay), endDate: dateOf(data.endDay), asOf: iso(data.asOf) }
    : { seed: data.seed, startDate: data.startDate, endDate: data.endDate, asOf: data.asOf };
  await writeFile(join(dir, MANIFEST_FILE), `${JSON.stringify({ ...info, format, manifest }, null, 2)}\n`);
  return { dir, files: Object.values(w).flatMap((kw) => kw.files), manifest };
}
