import { describe, expect, test } from 'vitest';
import { LoginRateLimiter } from './rate-limit.ts';

const make = (opts: Partial<{ perUserIp: number; perIp: number; maxKeys: number }> = {}) => {
  let now = 1_000_000;
  const limiter = new LoginRateLimiter(
    { windowMs: 60_000, perUserIp: 3, perIp: 5, maxKeys: 1000, ...opts },
    () => now,
  );
  return { limiter, advance: (ms: number) => (now += ms) };
};

describe('LoginRateLimiter', () => {
  test('blocks a user+IP after perUserIp failures, until the oldest leaves the window', () => {
    const { limiter, advance } = make();
    for (let i = 0; i < 3; i++) {
      expect(limiter.check('alice', '1.1.1.1').allowed).toBe(true);
      limiter.fail('alice', '1.1.1.1');
      advance(1000);
    }
    const d = limiter.check('alice', '1.1.1.1');
    expect(d).toEqual({ allowed: false, retryAfterMs: 57_000 });
    // Other users from that IP and the same user elsewhere are still allowed.
    expect(limiter.check('bob', '1.1.1.1').allowed).toBe(true);
    expect(limiter.check('alice', '2.2.2.2').allowed).toBe(true);
    advance(57_000);
    expect(limiter.check('alice', '1.1.1.1').allowed).toBe(true);
  });

  test('blocks an IP after perIp failures across usernames', () => {
    const { limiter } = make();
    for (let i = 0; i < 5; i++) limiter.fail(`user${i}`, '3.3.3.3');
    expect(limiter.check('someone-new', '3.3.3.3').allowed).toBe(false);
    expect(limiter.check('someone-new', '4.4.4.4').allowed).toBe(true);
  });

  test('success clears the user+IP count but not the IP count', () => {
    const { limiter } = make();
    for (let i = 0; i < 3; i++) limiter.fail('alice', '1.1.1.1');
    limiter.succeed('alice', '1.1.1.1');
    expect(limiter.check('alice', '1.1.1.1').allowed).toBe(true);
    limiter.fail('x', '1.1.1.1');
    limiter.fail('y', '1.1.1.1');
    expect(limiter.check('alice', '1.1.1.1').allowed).toBe(false); // 5 failures from the IP
  });

  test('memory is bounded', () => {
    const { limiter } = make({ maxKeys: 50 });
    for (let i = 0; i < 500; i++) limiter.fail(`u${i}`, `10.0.${i >> 8}.${i & 255}`);
    expect(limiter.size).toBeLessThanOrEqual(50);
  });
});
