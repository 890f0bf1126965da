import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { denseWindows } from './windows.ts';

/** The definition, literally: some window [t, t + width] holding the member and ≥ min − 1 others. */
function bruteForce(times: number[], width: number, min: number): boolean[] {
  return times.map((ti) => {
    // Candidate starts: every member time (see windows.ts).
    return times.some((t) => t <= ti && ti <= t + width && times.filter((x) => t <= x && x <= t + width).length >= min);
  });
}

describe('denseWindows', () => {
  test.each([
    { name: '20 within 30 min → all', times: Array.from({ length: 20 }, (_, i) => i * 90), flagged: 20 },
    { name: '19 within 30 min → none', times: Array.from({ length: 19 }, (_, i) => i * 90), flagged: 0 },
    { name: 'both ends included (exactly 1800 s)', times: [...Array.from({ length: 19 }, () => 0), 1800], flagged: 20 },
    { name: 'one second too far', times: [...Array.from({ length: 19 }, () => 0), 1801], flagged: 0 },
  ])('$name', ({ times, flagged }) => {
    const out = denseWindows(times, 1800, 20);
    expect(out.filter((w) => w !== null)).toHaveLength(flagged);
  });

  test('the window reported is the earliest one containing the member, and contains it', () => {
    const times = [0, 10, 20, 1000, 1005];
    const out = denseWindows(times, 15, 2);
    expect(out).toEqual([{ from: 0, to: 1 }, { from: 0, to: 1 }, { from: 1, to: 2 }, { from: 3, to: 4 }, { from: 3, to: 4 }]);
  });

  test('agrees with the definition (property)', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 0, max: 200 }), { maxLength: 60 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 6 }),
      (raw, width, min) => {
        const times = [...raw].sort((a, b) => a - b);
        const out = denseWindows(times, width, min);
        expect(out.map((w) => w !== null)).toEqual(bruteForce(times, width, min));
        out.forEach((w, k) => {
          if (!w) return;
          expect(w.from).toBeLessThanOrEqual(k);
          expect(w.to).toBeGreaterThanOrEqual(k);
          expect(w.to - w.from + 1).toBeGreaterThanOrEqual(min);
          expect(times[w.to]! - times[w.from]!).toBeLessThanOrEqual(width);
        });
      },
    ));
  });

  test('rejects unsorted input', () => {
    expect(() => denseWindows([2, 1], 10, 1)).toThrow(RangeError);
  });
});
