import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KINDS, type Kind } from '../../contract/records.ts';
import { isValidPersonId } from './codes.ts';
import { CONTRACT_FIELDS, rowId } from './fields.ts';
import { violations } from './testing/contract-rules.ts';
import { fixture } from './testing/fixture.ts';
import type { RawRow } from './types.ts';

const SPEC = '/work/shared/spec/data-contract.md';

/** Field names of each kind's table in data-contract.md (first column, "a, b" cells split). */
function specFields(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  let kind: string | null = null;
  for (const line of readFileSync(SPEC, 'utf8').split('\n')) {
    const h = /^## (\w+)/.exec(line);
    if (h) kind = (KINDS as readonly string[]).includes(h[1] as string) ? (h[1] as string) : null;
    if (!kind || !line.startsWith('|')) continue;
    const cell = (line.split('|')[1] ?? '').trim();
    if (cell === 'field' || cell.startsWith('---')) continue;
    (out[kind] ??= []).push(...cell.split(',').map((s) => s.trim()));
  }
  return out;
}

describe('simulator rows follow data-contract.md', () => {
  const d = fixture();

  it.skipIf(!existsSync(SPEC))('uses exactly the field names of the contract tables (source_system is the connector\'s)', () => {
    const spec = specFields();
    for (const kind of KINDS) {
      expect([...CONTRACT_FIELDS[kind]].sort(), kind).toEqual((spec[kind] ?? []).filter((f) => f !== 'source_system').sort());
    }
  });

  it.each(KINDS)('%s: present, and every key is a contract field', (kind: Kind) => {
    const rows = d[kind];
    expect(rows.length).toBeGreaterThan(0);
    const allowed = new Set(CONTRACT_FIELDS[kind]);
    const seen = new Set<string>();
    for (const r of rows) for (const k of Object.keys(r)) seen.add(k);
    expect([...seen].filter((k) => !allowed.has(k))).toEqual([]);
  });

  it('has realistic volumes', () => {
    expect(d.regions.length).toBeGreaterThan(200);
    expect(d.regions.filter((r) => /^\d{4}00$/.test(String(r.region_code)) && !/0000$/.test(String(r.region_code))).length).toBeGreaterThanOrEqual(10);
    expect(d.regions.filter((r) => /^\d{12}$/.test(String(r.region_code))).length).toBeGreaterThan(100);
    expect(d.depts.length).toBeGreaterThan(300);
    expect(new Set(d.items.map((r) => r.item_code)).size).toBeGreaterThan(450);
    expect(d.cases.length).toBeGreaterThanOrEqual(20_000);
    expect(d.steps.length / d.cases.length).toBeGreaterThan(4);
  });

  it('writes timestamps as ISO 8601 with +08:00 and nothing after as_of (broken rows aside)', () => {
    const asOf = Date.parse(d.asOf);
    const TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;
    const tsFields: Partial<Record<Kind, string[]>> = {
      cases: ['submitted_at', 'accepted_at', 'finished_at', 'withdrawn_at', 'updated_at'],
      steps: ['started_at', 'ended_at', 'updated_at'],
      ratings: ['rated_at', 'verified_at', 'rectified_at', 'updated_at'],
      items: ['updated_at'],
    };
    const bad: string[] = [];
    for (const [kind, fields] of Object.entries(tsFields) as [Kind, string[]][]) {
      for (const r of d[kind]) {
        if (violations(kind, r, Date.now()).length) continue;
        for (const f of fields) {
          const v = r[f];
          if (v == null) continue;
          if (!TS.test(String(v)) || Date.parse(String(v)) > asOf) bad.push(`${kind}.${f}=${String(v)}`);
        }
      }
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it('gives every case a unique national-style id; repeats are only the planned re-sends', () => {
    const ids = d.cases.map((r) => String(r.case_id));
    const distinct = new Set(ids);
    const { stale_cases, duplicate_cases } = d.manifest.revisions;
    expect(ids.length - distinct.size).toBe(stale_cases + duplicate_cases);
    const valid = d.cases.filter((r) => violations('cases', r, Date.now()).length === 0);
    for (const r of valid.slice(0, 2000)) expect(String(r.case_id)).toMatch(/^\d{6}\d{8}\d{9}$/);
  });

  it('carries applicant personal data in the raw rows (fake but well-formed ids)', () => {
    const persons = d.cases.filter((r) => r.applicant_type === 'person' && r.applicant_id);
    expect(persons.length).toBeGreaterThan(1000);
    expect(persons.every((r) => isValidPersonId(String(r.applicant_id)) && String(r.applicant_id).startsWith('39'))).toBe(true);
    expect(d.cases.some((r) => /^1\d{10}$/.test(String(r.contact_phone)))).toBe(true);
    expect(d.cases.some((r) => typeof r.applicant_name === 'string' && r.applicant_name.length >= 2)).toBe(true);
  });

  it('references existing items, departments and regions, except the deliberately unknown ones', () => {
    const items = new Set(d.items.map((r) => String(r.item_code)));
    const depts = new Set(d.depts.map((r) => String(r.dept_code)));
    const regions = new Set(d.regions.map((r) => String(r.region_code)));
    const valid = (kind: Kind, rows: RawRow[]): RawRow[] => rows.filter((r) => violations(kind, r, Date.now()).length === 0);
    const cases = valid('cases', d.cases);
    const unknownItems = cases.filter((r) => !items.has(String(r.item_code)));
    expect(unknownItems.length).toBeGreaterThan(0);
    expect(unknownItems.length).toBe(d.manifest.timeliness.unknown_item + countRepeats(unknownItems));
    expect(cases.every((r) => depts.has(String(r.dept_code)))).toBe(true);
    const unknownRegions = cases.filter((r) => !regions.has(String(r.region_code)));
    expect(unknownRegions.length).toBe(d.manifest.timeliness.unknown_region + countRepeats(unknownRegions));
    // Every step belongs to a case that was sent (possibly a broken one).
    const caseIds = new Set(d.cases.map((r) => String(r.case_id)));
    const stepCaseIds = new Set(valid('steps', d.steps).map((r) => String(r.case_id)));
    expect([...stepCaseIds].filter((id) => !caseIds.has(id)).length).toBeLessThanOrEqual(d.manifest.invalid.cases.too_long ?? 0);
    // Ratings: with a case, or with item/dept/region of their own.
    const orphanRatings = valid('ratings', d.ratings).filter(
      (r) => !r.case_id && !(items.has(String(r.item_code)) && depts.has(String(r.dept_code)) && regions.has(String(r.region_code))),
    );
    expect(orphanRatings).toEqual([]);
    expect(valid('items', d.items).filter((r) => !depts.has(String(r.dept_code)) || !regions.has(String(r.region_code)))).toEqual([]);
    expect(valid('depts', d.depts).filter((r) => !regions.has(String(r.region_code)))).toEqual([]);
  });

  it('keeps ids stable across versions: rows of one id differ only by updated_at order', () => {
    for (const kind of ['cases', 'ratings', 'items'] as const) {
      const byId = new Map<string, RawRow[]>();
      for (const r of d[kind]) {
        const id = rowId(kind, r);
        byId.set(id, [...(byId.get(id) ?? []), r]);
      }
      expect([...byId.values()].some((v) => v.length > 1), kind).toBe(true);
    }
  });
});

/** Rows beyond the first per case_id (re-sent versions of the same case). */
function countRepeats(rows: RawRow[]): number {
  return rows.length - new Set(rows.map((r) => String(r.case_id))).size;
}
