// HTTP side of the benchmark: sign-in, users, a keep-alive client with a
// fixed number of connections, and the main endpoints with their targets.
import { Agent, request } from 'node:http';
import { KPI_IDS } from '../../dashboard/src/lib/kpis.ts';

export interface Period {
  from: string;
  to: string;
}

/** The year ending on `to` (inclusive): the scale dataset's 12 months. */
export function yearEnding(to: string): Period {
  const end = new Date(`${to}T00:00:00Z`);
  const from = new Date(Date.UTC(end.getUTCFullYear() - 1, end.getUTCMonth(), end.getUTCDate() + 1));
  return { from: from.toISOString().slice(0, 10), to };
}

/**
 * A scorecard's year: evaluations score completed periods, so the year ends
 * on the dataset's last day, or yesterday (Beijing) when the dataset runs into
 * today — the simulator also writes today's later events, which a real system
 * cannot hold yet and which would send 评价率 to raw rows (the rollup is used
 * when no rating lies after as_of on its day).
 */
export function completedYearEnding(to: string, nowMs = Date.now()): Period {
  const yesterday = new Date(nowMs + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
  return yearEnding(to < yesterday ? to : yesterday);
}

export interface Endpoint {
  id: string;
  name: string;
  path: string;
  /** p95 target of the performance issue, ms. */
  targetMs: number;
  /** Share in the mixed load. */
  weight: number;
}

/** The main endpoints, for one year: what the 驾驶舱 and the case lists ask. */
export function mainEndpoints(p: Period): Endpoint[] {
  const period = `from=${p.from}&to=${p.to}`;
  return [
    { id: 'overview', name: 'overview /api/metrics (11 KPIs, groupBy none)', path: `/api/metrics?ids=${KPI_IDS.join(',')}&${period}`, targetMs: 150, weight: 3 },
    { id: 'rankings-city', name: 'rankings by city', path: `/api/rankings?metric=ontime_rate&by=region&level=city&${period}`, targetMs: 300, weight: 2 },
    { id: 'rankings-dept', name: 'rankings by dept', path: `/api/rankings?metric=ontime_rate&by=dept&${period}`, targetMs: 300, weight: 1 },
    { id: 'trends', name: 'trends monthly (同比/环比)', path: `/api/trends?ids=accepted,ontime_rate,good_rate&grain=month&${period}`, targetMs: 300, weight: 2 },
    { id: 'cases-red', name: '红牌 case list, first page', path: `/api/supervision/cases?state=red&${period}&page=1`, targetMs: 200, weight: 1 },
    { id: 'cases-yellow', name: '黄牌 case list, first page', path: `/api/supervision/cases?state=yellow&${period}&page=1`, targetMs: 200, weight: 1 },
  ];
}

const RANKED = ['ontime_rate', 'good_rate', 'satisfaction', 'one_window_rate', 'full_online_rate'];
const TREND_IDS = ['accepted,ontime_rate,good_rate', 'finished,one_window_rate,satisfaction', 'red_open,yellow_open,warning'];
const LIST_PAGES = 5;

/**
 * The mixed load's requests per endpoint: what a room of users asks, not one
 * URL each — the overview of the province and of every city, rankings and
 * trends of several metrics, the first pages of the card lists. The result
 * cache then serves repeats only, as it would in use.
 */
export function loadVariants(endpoints: readonly Endpoint[], cities: readonly string[]): Map<string, string[]> {
  const swap = (path: string, from: string, to: string) => path.replace(from, to);
  return new Map(endpoints.map((ep) => {
    switch (ep.id) {
      case 'overview': return [ep.id, [ep.path, ...cities.map((c) => `${ep.path}&region=${c}`)]];
      case 'rankings-city':
      case 'rankings-dept': return [ep.id, RANKED.map((m) => swap(ep.path, 'metric=ontime_rate', `metric=${m}`))];
      case 'trends': return [ep.id, TREND_IDS.map((ids) => swap(ep.path, 'ids=accepted,ontime_rate,good_rate', `ids=${ids}`))];
      case 'cases-red':
      case 'cases-yellow': return [ep.id, Array.from({ length: LIST_PAGES }, (_, i) => swap(ep.path, 'page=1', `page=${i + 1}`))];
      default: return [ep.id, [ep.path]];
    }
  }));
}

/** The codes of the cities (level 2), from the rankings endpoint. */
export async function cityCodes(client: HttpClient, p: Period): Promise<string[]> {
  const res = await client.get(`/api/rankings?metric=accepted&by=region&level=city&from=${p.from}&to=${p.to}`);
  if (res.status !== 200) throw new Error(`cities: HTTP ${res.status}`);
  const body = JSON.parse(res.body.toString('utf8')) as { rows: Array<{ unit: { code: string; self?: boolean } }> };
  return body.rows.filter((r) => !r.unit.self && r.unit.code !== '').map((r) => r.unit.code);
}

/** Signs in; returns the session cookie (`name=value`). */
export async function login(base: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (!res.ok || !cookie) throw new Error(`login of ${username} failed: HTTP ${res.status} ${await res.text()}`);
  return cookie;
}

/** Creates the user through the admin API, or resets its password when it exists. */
export async function ensureUser(base: string, adminCookie: string, user: { username: string; password: string; role: string }): Promise<void> {
  const headers = { 'content-type': 'application/json', cookie: adminCookie };
  const created = await fetch(`${base}/api/admin/users`, { method: 'POST', headers, body: JSON.stringify({ ...user, displayName: '基准测试' }) });
  if (created.status === 409) {
    const patched = await fetch(`${base}/api/admin/users/${user.username}`, {
      method: 'PATCH', headers, body: JSON.stringify({ password: user.password, role: user.role, disabled: false }),
    });
    if (!patched.ok) throw new Error(`updating ${user.username}: HTTP ${patched.status} ${await patched.text()}`);
  } else if (!created.ok) throw new Error(`creating ${user.username}: HTTP ${created.status} ${await created.text()}`);
}

export interface Response {
  status: number;
  body: Buffer;
  ms: number;
}

/** Keep-alive HTTP/1.1 client with at most `connections` sockets, signed in by cookie. */
export class HttpClient {
  private readonly agent: Agent;

  constructor(
    private readonly base: string,
    private readonly cookie: string,
    connections = 1,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: connections });
  }

  send(method: 'GET' | 'POST', path: string, body?: object, timeoutMs = 600_000): Promise<Response> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((ok, fail) => {
      const started = performance.now();
      const req = request(`${this.base}${path}`, {
        method, agent: this.agent, timeout: timeoutMs,
        headers: { cookie: this.cookie, ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}) },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => ok({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), ms: performance.now() - started }));
        res.on('error', fail);
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within ${timeoutMs} ms`)));
      req.on('error', fail);
      req.end(payload);
    });
  }

  get(path: string, timeoutMs?: number): Promise<Response> {
    return this.send('GET', path, undefined, timeoutMs);
  }

  /** GET that must answer 2xx; returns its time in ms. */
  async timed(path: string): Promise<number> {
    const res = await this.get(path);
    if (res.status >= 300) throw new Error(`GET ${path}: HTTP ${res.status} ${res.body.toString('utf8').slice(0, 300)}`);
    return res.ms;
  }

  close(): void {
    this.agent.destroy();
  }
}
