// Login throttling, in memory (one process; a restart forgets, which only
// ever gives an attacker a fresh window, and several server processes each
// count on their own — acceptable for a handful of instances behind one
// proxy; a shared limiter would be a ClickHouse-backed or proxy-level one).
//
// Sliding window of failed attempts: per (username, IP) and per IP. There is
// deliberately no per-username limit across all IPs: it would let anyone lock
// a known user out by failing on purpose.

export interface RateLimitOptions {
  windowMs: number;
  /** Failures allowed per (username, IP) in the window. */
  perUserIp: number;
  /** Failures allowed per IP in the window. */
  perIp: number;
  /** Bound on tracked keys; beyond it the oldest are dropped. */
  maxKeys: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { windowMs: 15 * 60_000, perUserIp: 5, perIp: 20, maxKeys: 100_000 };

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly opts: RateLimitOptions = DEFAULT_RATE_LIMIT,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether another attempt may be made now. */
  check(username: string, ip: string): RateDecision {
    const t = this.now();
    const waits = [
      this.waitFor(userIpKey(username, ip), this.opts.perUserIp, t),
      this.waitFor(ipKey(ip), this.opts.perIp, t),
    ];
    const wait = Math.max(...waits);
    return wait > 0 ? { allowed: false, retryAfterMs: wait } : { allowed: true };
  }

  fail(username: string, ip: string): void {
    const t = this.now();
    for (const key of [userIpKey(username, ip), ipKey(ip)]) {
      const times = this.live(key, t);
      times.push(t);
      // Re-insert so Map order approximates least-recently-failed first.
      this.failures.delete(key);
      this.failures.set(key, times);
    }
    this.evict();
  }

  /** A successful sign-in clears that user's failures from that IP (not the IP's). */
  succeed(username: string, ip: string): void {
    this.failures.delete(userIpKey(username, ip));
  }

  get size(): number {
    return this.failures.size;
  }

  private live(key: string, t: number): number[] {
    const times = this.failures.get(key) ?? [];
    const cutoff = t - this.opts.windowMs;
    let drop = 0;
    while (drop < times.length && times[drop]! <= cutoff) drop++;
    return drop ? times.slice(drop) : times;
  }

  /** ms until the key may try again; 0 when it may now. */
  private waitFor(key: string, limit: number, t: number): number {
    const times = this.live(key, t);
    if (times.length < limit) return 0;
    // The attempt that must leave the window before the next one is allowed.
    return times[times.length - limit]! + this.opts.windowMs - t;
  }

  private evict(): void {
    if (this.failures.size <= this.opts.maxKeys) return;
    const t = this.now();
    for (const [key] of this.failures) {
      if (this.live(key, t).length === 0) this.failures.delete(key);
    }
    for (const [key] of this.failures) {
      if (this.failures.size <= this.opts.maxKeys) break;
      this.failures.delete(key);
    }
  }
}

const userIpKey = (username: string, ip: string): string => `u\n${ip}\n${username}`;
const ipKey = (ip: string): string => `i\n${ip}`;
