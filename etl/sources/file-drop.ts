// File-drop connector: every contract file in a directory (data-contract.md:
// `cases*.ndjson|csv`, …), kind by kind in import order, files in name order.
import { createHash } from 'node:crypto';
import { createReadStream, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Kind } from '../contract/records.ts';
import { parseFile } from '../pipeline/parse/index.ts';
import { IMPORT_ORDER, type Connector, type SourceBatch } from './connector.ts';

const EXTENSIONS: Record<Kind, readonly string[]> = {
  regions: ['csv', 'ndjson', 'jsonl', 'xlsx'],
  depts: ['csv', 'ndjson', 'jsonl', 'xlsx'],
  items: ['ndjson', 'jsonl', 'csv', 'xlsx'],
  calendar: ['csv', 'xlsx'],
  cases: ['ndjson', 'jsonl', 'csv'],
  steps: ['ndjson', 'jsonl', 'csv'],
  ratings: ['ndjson', 'jsonl', 'csv'],
};

export function contractFiles(dir: string, kind: Kind): string[] {
  return readdirSync(dir)
    .filter((f) => f.startsWith(kind) && EXTENSIONS[kind].some((ext) => f.toLowerCase().endsWith(`.${ext}`)))
    .sort();
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function fileDropConnector(opts: { dir: string; source?: string; profile?: string }): Connector {
  const dir = resolve(opts.dir);
  return {
    source: opts.source ?? 'file-drop',
    profile: opts.profile ?? 'canonical',
    // Files carry no watermark: re-reading them is idempotent (classification).
    async *batches(): AsyncIterable<SourceBatch> {
      for (const kind of IMPORT_ORDER) {
        for (const file of contractFiles(dir, kind)) {
          const path = resolve(dir, file);
          yield { kind, file, fileHash: await hashFile(path), rows: parseFile(path) };
        }
      }
    },
  };
}
