// The simulator as a service system with a pull API (data-contract.md,
// "HTTP pull sources"):
//   GET /{kind}?updated_since=ISO&cursor=…&limit=n   (Authorization: Bearer <token>)
//   → {"items": [...], "next_cursor": "…" | null}
// Rows are the current version of each id, ordered by (updated_at, id);
// updated_since is inclusive (≥). The cursor is opaque and stateless (the
// last row's sort key), so a client may resume with it at any time. Faults
// can be injected to test a connector's retries.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KINDS, type Kind } from '../../contract/records.ts';
import { rowId } from './fields.ts';
import { parseInstant } from './time.ts';
import type { RawRow, SimulatedData } from './types.ts';

export type FaultMode = 'http503' | 'http429' | 'reset' | 'truncate';

export interface FaultInjection {
  /** Fail every k-th data request (1-based count of authorized /{kind} requests). */
  every: number;
  /** What a failure looks like; several modes are used in turn. Default 'http503'. */
  mode?: FaultMode | FaultMode[];
  /** Retry-After header (seconds) sent with 503/429. Default 0. */
  retryAfterSeconds?: number;
}

export interface ServeOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  host?: string;
  /** Bearer token every request must present. */
  token: string;
  /** Default page size, and the cap on `limit` (default 500). */
  pageSize?: number;
  /** Off unless given. */
  failures?: FaultInjection;
}

export interface SimulatorServer {
  url: string;
  close(): Promise<void>;
  /** Requests seen (all, and failed on purpose). */
  stats(): { requests: number; dataRequests: number; injectedFailures: number };
}

interface Entry {
  at: number; // updated_at, epoch ms (-Infinity when the kind has none)
  id: string;
  row: RawRow;
}

/** Current version of every id (newer updated_at wins; on a tie the later row), sorted by (updated_at, id). */
export function currentRows(kind: Kind, rows: readonly RawRow[]): Entry[] {
  const latest = new Map<string, Entry>();
  for (const row of rows) {
    const id = rowId(kind, row);
    const at = row.updated_at == null || row.updated_at === '' ? -Infinity : parseInstant(String(row.updated_at));
    const prev = latest.get(id);
    if (!prev || !(at < prev.at)) latest.set(id, { at: Number.isNaN(at) ? -Infinity : at, id, row });
  }
  return [...latest.values()].sort(compareEntry);
}

// TRICKY: ids compare by UTF-16 code units (not localeCompare), so client and server agree on order.
const compareKey = (at: number, id: string, e: Entry): number => (at !== e.at ? (at < e.at ? -1 : 1) : id < e.id ? -1 : id > e.id ? 1 : 0);
const compareEntry = (a: Entry, b: Entry): number => compareKey(a.at, a.id, b);

/** First index whose key is > (at, id) (strict) or ≥ (inclusive). */
function lowerBound(entries: Entry[], at: number, id: string, strict: boolean): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareKey(at, id, entries[mid] as Entry);
    if (c > 0 || (strict && c === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const encodeCursor = (e: Entry): string => Buffer.from(JSON.stringify([Number.isFinite(e.at) ? e.at : null, e.id])).toString('base64url');

function decodeCursor(c: string): { at: number; id: string } | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
    if (!Array.isArray(v) || v.length !== 2 || typeof v[1] !== 'string' || !(v[0] === null || typeof v[0] === 'number')) return null;
    return { at: v[0] === null ? -Infinity : v[0], id: v[1] };
  } catch {
    return null;
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export async function serveSimulator(data: SimulatedData, opts: ServeOptions): Promise<SimulatorServer> {
  const pageSize = opts.pageSize ?? 500;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize must be a positive integer, got ${pageSize}`);
  if (!opts.token) throw new RangeError('serveSimulator needs a token');
  const fault = opts.failures;
  if (fault && !(Number.isInteger(fault.every) && fault.every >= 1)) throw new RangeError(`failures.every must be a positive integer, got ${fault.every}`);
  const modes: FaultMode[] = fault ? (Array.isArray(fault.mode) ? fault.mode : [fault.mode ?? 'http503']) : [];
  const tables = new Map<Kind, Entry[]>(KINDS.map((k) => [k, currentRows(k, data[k])]));
  const counters = { requests: 0, dataRequests: 0, injectedFailures: 0 };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    counters.requests++;
    const url = new URL(req.url ?? '/', 'http://simulator');
    if (req.method !== 'GET') return send(res, 405, { error: 'method not allowed' }, { allow: 'GET' });
    if (req.headers.authorization !== `Bearer ${opts.token}`) {
      return send(res, 401, { error: 'unauthorized' }, { 'www-authenticate': 'Bearer realm="simulator"' });
    }
    const kind = url.pathname.replace(/^\/+|\/+$/g, '') as Kind;
    if (!tables.has(kind)) return send(res, 404, { error: `unknown kind; expected one of ${KINDS.join(', ')}` });
    counters.dataRequests++;

    if (fault && counters.dataRequests % fault.every === 0) {
      const mode = modes[(counters.injectedFailures++) % modes.length] as FaultMode;
      const retry = { 'retry-after': String(fault.retryAfterSeconds ?? 0) };
      if (mode === 'http503') return send(res, 503, { error: 'service unavailable (injected)' }, retry);
      if (mode === 'http429') return send(res, 429, { error: 'too many requests (injected)' }, retry);
      if (mode === 'reset') {
        req.socket.destroy();
        return;
      }
      // truncate: promise a long body, send half of a JSON document, hang up
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': '100000' });
      res.write('{"items": [{"case_id": "trunc');
      res.socket?.destroy();
      return;
    }

    const entries = tables.get(kind) as Entry[];
    const sinceRaw = url.searchParams.get('updated_since');
    const cursorRaw = url.searchParams.get('cursor');
    const limitRaw = url.searchParams.get('limit');
    const limit = Math.min(pageSize, limitRaw === null || limitRaw === '' ? pageSize : Number(limitRaw));
    if (!Number.isInteger(limit) || limit < 1) return send(res, 400, { error: 'limit must be a positive integer' });
    // Rows without updated_at (the calendar) sort first and carry no watermark: they come on every pull.
    const firstDated = lowerBound(entries, -Infinity, '\uffff', false);
    let sinceIdx = 0;
    if (sinceRaw) {
      const since = parseInstant(sinceRaw);
      if (Number.isNaN(since)) return send(res, 400, { error: 'updated_since is not a timestamp' });
      sinceIdx = lowerBound(entries, since, '', false);
    }
    const eligible = (i: number): number => (i >= firstDated && i < sinceIdx ? sinceIdx : i);
    let p = 0;
    if (cursorRaw) {
      const c = decodeCursor(cursorRaw);
      if (!c) return send(res, 400, { error: 'bad cursor' });
      p = lowerBound(entries, c.at, c.id, true);
    }
    const items: RawRow[] = [];
    let last: Entry | null = null;
    for (p = eligible(p); p < entries.length && items.length < limit; p = eligible(p + 1)) {
      last = entries[p] as Entry;
      items.push(last.row);
    }
    return send(res, 200, { items, next_cursor: p < entries.length && last ? encodeCursor(last) : null });
  };

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${host}:${addr.port}`,
    stats: () => ({ ...counters }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
