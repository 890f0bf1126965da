import { describe, expect, it } from 'vitest';
import { generateCases, generateProvince } from './generate.ts';
import { createProvince } from './province.ts';

const OPTS = { cases: 3000, months: 6, endDate: '2026-03-31', seed: 5 };

describe('simulator scale options (deptsTarget, itemsTarget, ratingScale)', () => {
  it('leaves the default province untouched when no target exceeds the base', () => {
    const plain = generateProvince(OPTS);
    expect(generateProvince({ ...OPTS, deptsTarget: 10, itemsTarget: 10, ratingScale: 1 })).toEqual(plain);
  });

  it('reaches the targets with unique, valid codes, deterministically', () => {
    const p = createProvince({ ...OPTS, deptsTarget: 900, itemsTarget: 8000 });
    expect(p.depts).toHaveLength(900);
    expect(p.items).toHaveLength(8000);
    expect(new Set(p.depts.map((d) => d.code)).size).toBe(900);
    expect(new Set(p.items.map((it) => it.code)).size).toBe(8000);
    expect(new Set(p.depts.flatMap((d) => d.staff)).size).toBe(p.depts.reduce((n, d) => n + d.staff.length, 0));
    for (const it of p.items) {
      expect(it.code.startsWith(it.dept.code)).toBe(true);
      expect(it.promised).toBeLessThanOrEqual(Math.max(it.legal, it.template.promised));
    }
    const again = createProvince({ ...OPTS, deptsTarget: 900, itemsTarget: 8000 });
    expect(again.dimensions).toEqual(p.dimensions);
    // Every department row and item row is in the contract files.
    expect(p.dimensions.depts.filter((r) => r.dept_name !== '' && String(r.region_code).length === 6).length).toBeGreaterThanOrEqual(900);
  });

  it('scales the share of rated cases', () => {
    const ratings = (ratingScale: number) =>
      [...generateCases({ ...OPTS, ratingScale })].reduce((n, b) => n + b.ratings.length, 0);
    const full = ratings(1);
    const scaled = ratings(0.5);
    expect(scaled / full).toBeGreaterThan(0.4);
    expect(scaled / full).toBeLessThan(0.65);
  });

  it('rejects bad scale options', () => {
    expect(() => createProvince({ ratingScale: 2 })).toThrow(RangeError);
    expect(() => createProvince({ deptsTarget: 1.5 })).toThrow(RangeError);
    expect(() => createProvince({ itemsTarget: -1 })).toThrow(RangeError);
  });
});
