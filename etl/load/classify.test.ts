import { describe, expect, test } from 'vitest';
import { classify, type Candidate, type CurrentState } from './classify.ts';

const c = (id: string, updatedMs: number, hash: string): Candidate<string> => ({ id, record: `${id}@${hash}`, updatedMs, hash });
const stored = (updatedMs: number, hash: string): CurrentState => ({ updatedMs, hash, partitionMonth: 202501 });

describe('classify (data-contract.md, General rules)', () => {
  test('a new id is written', () => {
    const r = classify([c('a', 1, 'h1')], new Map());
    expect([r.written, r.duplicates, r.stale]).toEqual([1, 0, 0]);
    expect(r.winners[0]!.previous).toBeNull();
  });

  test('an identical record is a duplicate, whatever its updated_at', () => {
    const r = classify([c('a', 5, 'h1')], new Map([['a', stored(5, 'h1')]]));
    expect([r.written, r.duplicates, r.stale]).toEqual([0, 1, 0]);
  });

  test('a newer record replaces the stored one and keeps its partition', () => {
    const r = classify([c('a', 6, 'h2')], new Map([['a', stored(5, 'h1')]]));
    expect([r.written, r.duplicates, r.stale]).toEqual([1, 0, 0]);
    expect(r.winners[0]!.previous?.partitionMonth).toBe(202501);
  });

  test('an older record is stale', () => {
    const r = classify([c('a', 4, 'h2')], new Map([['a', stored(5, 'h1')]]));
    expect([r.written, r.duplicates, r.stale]).toEqual([0, 0, 1]);
  });

  test('equal updated_at: the later import wins', () => {
    const r = classify([c('a', 5, 'h2')], new Map([['a', stored(5, 'h1')]]));
    expect(r.written).toBe(1);
  });

  test('within a batch the last of equal updated_at wins and the first is stale', () => {
    const r = classify([c('a', 5, 'h1'), c('a', 5, 'h2')], new Map());
    expect([r.written, r.duplicates, r.stale]).toEqual([1, 0, 1]);
    expect(r.winners[0]!.candidate.hash).toBe('h2');
  });

  test('within a batch a newer version wins even when it comes first', () => {
    const r = classify([c('a', 9, 'new'), c('a', 3, 'old')], new Map());
    expect(r.winners.map((w) => w.candidate.hash)).toEqual(['new']);
    expect(r.stale).toBe(1);
  });

  test('replaying the same batch writes nothing and counts the same stale rows', () => {
    const batch = [c('a', 1, 'v1'), c('a', 2, 'v2'), c('b', 1, 'x'), c('b', 1, 'x')];
    const first = classify(batch, new Map());
    expect([first.written, first.duplicates, first.stale]).toEqual([2, 1, 1]);
    const again = classify(batch, new Map([['a', stored(2, 'v2')], ['b', stored(1, 'x')]]));
    expect([again.written, again.duplicates, again.stale]).toEqual([0, 3, 1]);
  });
});
