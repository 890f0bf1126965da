// Figure group `load`: the server under concurrent load — N keep-alive
// connections (default 20), each sending the next request of a weighted mix
// of the main endpoints as soon as its previous answer is in, for a fixed
// duration (closed loop, like autocannon). Latency p50/p95/p99, req/s, errors.
// Each endpoint cycles through its variants (client.ts loadVariants). Run
// against the server with its result cache on (the product's default: the
// targets) and off (every request computed: shown without a target).
import { HttpClient, type Endpoint } from './client.ts';
import { atLeast, atMost, figure, summarize, type Figure } from './stats.ts';

const GROUP = 'load';
/** Performance issue targets for 20 connections. */
const MIN_RPS = 50;
const MAX_P99_MS = 1_000;

export async function loadGroup(
  opts: {
    base: string; cookie: string; endpoints: readonly Endpoint[]; variants: ReadonlyMap<string, readonly string[]>;
    connections: number; durationS: number;
    /** The server's result cache mode; the targets apply to the product's default (on). */
    resultCache: 'on' | 'off';
  },
  log: (line: string) => void,
): Promise<Figure[]> {
  const mix = opts.endpoints.flatMap((ep) => Array.from({ length: ep.weight }, () => ep));
  const seen = new Map<string, number>();
  /** The endpoint's next variant (round robin over all requests of that endpoint). */
  const nextPath = (ep: Endpoint): string => {
    const variants = opts.variants.get(ep.id) ?? [ep.path];
    const k = seen.get(ep.id) ?? 0;
    seen.set(ep.id, k + 1);
    return variants[k % variants.length]!;
  };
  const client = new HttpClient(opts.base, opts.cookie, opts.connections);
  const latencies: number[] = [];
  const byEndpoint = new Map<string, number[]>(opts.endpoints.map((ep) => [ep.id, []]));
  const errors: Record<string, number> = {};
  const fail = (key: string) => (errors[key] = (errors[key] ?? 0) + 1);
  const distinct = opts.endpoints.reduce((n, ep) => n + (opts.variants.get(ep.id)?.length ?? 1), 0);
  const label = `mixed load, ${opts.connections} connections, result cache ${opts.resultCache}`;
  log(`load (result cache ${opts.resultCache}): ${opts.connections} connections for ${opts.durationS} s, mix ${opts.endpoints.map((e) => `${e.id}×${e.weight}`).join(' ')}, ${distinct} distinct requests …`);
  const started = performance.now();
  const deadline = started + opts.durationS * 1000;
  let finishedAt = started;
  try {
    // Each connection walks the mix from its own offset, so the mix is in flight at once.
    await Promise.all(Array.from({ length: opts.connections }, async (_, c) => {
      for (let k = c; performance.now() < deadline; k++) {
        const ep = mix[k % mix.length]!;
        try {
          const res = await client.get(nextPath(ep), 60_000);
          if (res.status >= 300) fail(`HTTP ${res.status}`);
          else {
            latencies.push(res.ms);
            byEndpoint.get(ep.id)!.push(res.ms);
          }
        } catch (err) {
          fail(err instanceof Error ? err.message.slice(0, 80) : String(err));
        }
      }
      finishedAt = Math.max(finishedAt, performance.now());
    }));
  } finally {
    client.close();
  }
  const seconds = (finishedAt - started) / 1000;
  const errorCount = Object.values(errors).reduce((a, b) => a + b, 0);
  if (latencies.length === 0) throw new Error(`load: no request succeeded (${JSON.stringify(errors)})`);
  const perEndpoint = Object.fromEntries([...byEndpoint].filter(([, v]) => v.length > 0).map(([id, v]) => {
    const s = summarize(v);
    return [id, { n: s.n, p50: s.median, p95: s.p95, p99: s.p99 }];
  }));
  const detail = { connections: opts.connections, resultCache: opts.resultCache, distinctRequests: distinct, seconds, requests: latencies.length + errorCount, errors, perEndpoint };
  const targeted = opts.resultCache === 'on';
  const all = figure(GROUP, `${label}: latency`, 'ms', latencies, targeted ? atMost(MAX_P99_MS, 'p99') : null, detail);
  log(`load (result cache ${opts.resultCache}): ${latencies.length} ok, ${errorCount} errors in ${seconds.toFixed(1)} s; p50 ${all.median.toFixed(0)} ms, p95 ${all.p95.toFixed(0)} ms, p99 ${all.p99.toFixed(0)} ms`);
  return [
    figure(GROUP, `${label}: throughput`, 'req/s', latencies.length / seconds, targeted ? atLeast(MIN_RPS) : null),
    all,
    figure(GROUP, `${label}: errors`, 'count', errorCount, atMost(0, 'median'), { errors }),
  ];
}
