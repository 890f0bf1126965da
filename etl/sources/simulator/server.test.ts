import { afterEach, describe, expect, it } from 'vitest';
import { KINDS, type Kind } from '../../contract/records.ts';
import { rowId } from './fields.ts';
import { generateProvince } from './generate.ts';
import { currentRows, serveSimulator, type ServeOptions, type SimulatorServer } from './server.ts';
import type { RawRow } from './types.ts';

const data = generateProvince({ seed: 5, cases: 3000, months: 3, endDate: '2026-05-31' });
const TOKEN = 'test-token';
let server: SimulatorServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function start(opts: Partial<ServeOptions> = {}): Promise<SimulatorServer> {
  server = await serveSimulator(data, { token: TOKEN, pageSize: 250, ...opts });
  return server;
}

interface Page {
  items: RawRow[];
  next_cursor: string | null;
}

/** A well-behaved client: follows cursors, retries transient failures. */
async function pullAll(base: string, kind: Kind, params: Record<string, string> = {}, retries = 0): Promise<{ rows: RawRow[]; pages: number }> {
  const rows: RawRow[] = [];
  let cursor: string | null = null;
  let pages = 0;
  for (;;) {
    const q = new URLSearchParams({ ...params, ...(cursor ? { cursor } : {}) });
    let page: Page | null = null;
    for (let attempt = 0; attempt <= retries && !page; attempt++) {
      try {
        const res = await fetch(`${base}/${kind}?${q}`, { headers: { authorization: `Bearer ${TOKEN}` } });
        if (res.status === 503 || res.status === 429) continue;
        expect(res.status).toBe(200);
        page = (await res.json()) as Page;
      } catch {
        // reset or truncated body: retry the same cursor
      }
    }
    if (!page) throw new Error(`gave up on ${kind} after ${retries + 1} attempts`);
    pages++;
    rows.push(...page.items);
    if (!page.next_cursor) return { rows, pages };
    cursor = page.next_cursor;
  }
}

const key = (kind: Kind, r: RawRow): [number, string] => [r.updated_at == null ? -Infinity : Date.parse(String(r.updated_at)), rowId(kind, r)];

describe('serveSimulator', () => {
  it.each(KINDS)('%s: pages through every current row exactly once, ordered by (updated_at, id)', async (kind) => {
    const s = await start();
    const { rows, pages } = await pullAll(s.url, kind, { limit: '137' });
    const want = currentRows(kind, data[kind]).map((e) => e.row);
    expect(rows.length).toBe(want.length);
    expect(new Set(rows.map((r) => rowId(kind, r))).size).toBe(rows.length);
    expect(rows).toEqual(want);
    expect(pages).toBe(Math.max(1, Math.ceil(want.length / 137)));
    for (let i = 1; i < rows.length; i++) {
      const [a, ai] = key(kind, rows[i - 1] as RawRow);
      const [b, bi] = key(kind, rows[i] as RawRow);
      expect(a < b || (a === b && ai < bi)).toBe(true);
    }
  });

  it('serves the current version of re-sent rows only', async () => {
    const ids = data.cases.map((r) => String(r.case_id));
    expect(new Set(ids).size).toBeLessThan(ids.length);
    const s = await start();
    const { rows } = await pullAll(s.url, 'cases');
    expect(rows.length).toBe(new Set(ids).size);
  });

  it('treats updated_since as inclusive (≥), and rows sharing a timestamp are all returned', async () => {
    const s = await start();
    const all = currentRows('steps', data.steps);
    // A timestamp shared by several rows (nightly batch syncs stamp many at once).
    const counts = new Map<number, number>();
    for (const e of all) counts.set(e.at, (counts.get(e.at) ?? 0) + 1);
    const [shared] = [...counts].filter(([, n]) => n > 1).map(([at]) => at);
    expect(shared).toBeDefined();
    const since = new Date(shared as number).toISOString();
    const { rows } = await pullAll(s.url, 'steps', { updated_since: since, limit: '50' });
    expect(rows.length).toBe(all.filter((e) => e.at >= (shared as number)).length);
    expect(rows.filter((r) => Date.parse(String(r.updated_at)) === shared).length).toBe(counts.get(shared as number));
    // The same instant written in Beijing time without offset means the same thing.
    const local = new Date((shared as number) + 8 * 3_600_000).toISOString().slice(0, 19);
    expect((await pullAll(s.url, 'steps', { updated_since: local, limit: '250' })).rows.length).toBe(rows.length);
  });

  it('requires the bearer token', async () => {
    const s = await start();
    expect((await fetch(`${s.url}/cases`)).status).toBe(401);
    const wrong = await fetch(`${s.url}/cases`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const ok = await fetch(`${s.url}/cases?limit=1`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
  });

  it('rejects unknown kinds and bad parameters, and caps limit at pageSize', async () => {
    const s = await start({ pageSize: 100 });
    const get = (path: string): Promise<Response> => fetch(`${s.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect((await get('/widgets')).status).toBe(404);
    expect((await get('/cases?limit=0')).status).toBe(400);
    expect((await get('/cases?limit=abc')).status).toBe(400);
    expect((await get('/cases?updated_since=yesterday')).status).toBe(400);
    expect((await get('/cases?cursor=%%%')).status).toBe(400);
    const page = (await (await get('/cases?limit=100000')).json()) as Page;
    expect(page.items.length).toBe(100);
  });

  it('injects faults on every k-th request; a retrying client still gets every row once', async () => {
    const s = await start({ failures: { every: 3, mode: ['http503', 'reset', 'truncate', 'http429'] } });
    const { rows } = await pullAll(s.url, 'ratings', { limit: '50' }, 3);
    const want = currentRows('ratings', data.ratings).map((e) => e.row);
    expect(rows).toEqual(want);
    const st = s.stats();
    expect(st.injectedFailures).toBeGreaterThanOrEqual(4);
    expect(st.injectedFailures).toBe(Math.floor(st.dataRequests / 3));
  });

  it('injects nothing by default', async () => {
    const s = await start();
    await pullAll(s.url, 'items');
    expect(s.stats().injectedFailures).toBe(0);
  });
});
