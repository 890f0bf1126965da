import { describe, expect, test } from 'vitest';
import { escalationAt, foldEvents } from './action-state.ts';

const ev = (type: Parameters<typeof foldEvents>[0][number]['type'], level?: string) => ({ type, at: 0, level });

describe('foldEvents', () => {
  test('the normal path with a return', () => {
    const f = foldEvents([ev('issue'), ev('respond'), ev('return'), ev('respond'), ev('accept'), ev('close')]);
    expect(f).toEqual({ state: 'closed', closedBy: 'inspector', applied: [true, true, true, true, true, true], recordedLevel: 'none' });
  });

  test('events that lost a race are recorded but not applied, so every reader derives the same state', () => {
    // Two inspectors acted on the same response: accept and return both appended.
    const f = foldEvents([ev('issue'), ev('respond'), ev('accept'), ev('return'), ev('respond')]);
    expect(f.state).toBe('accepted');
    expect(f.applied).toEqual([true, true, true, false, false]);
  });

  test('auto_close closes from any open state; nothing applies after close', () => {
    expect(foldEvents([ev('issue'), ev('auto_close'), ev('respond')])).toEqual(
      { state: 'closed', closedBy: 'auto', applied: [true, true, false], recordedLevel: 'none' },
    );
  });

  test('escalate events only record the highest level seen', () => {
    expect(foldEvents([ev('issue'), ev('escalate', 'yellow'), ev('escalate', 'red'), ev('escalate', 'yellow')]).recordedLevel).toBe('red');
  });
});

describe('escalationAt', () => {
  const due = '2025-02-10';
  const red = '2025-02-17';
  test.each([
    ['2025-02-10T23:59:59+08:00', 'issued', false, 'none'],
    ['2025-02-11T00:00:00+08:00', 'issued', false, 'yellow'],
    ['2025-02-11T00:00:00+08:00', 'responded', false, 'yellow'],
    ['2025-02-17T23:59:59+08:00', 'returned', false, 'yellow'],
    ['2025-02-18T00:00:00+08:00', 'issued', false, 'red'],
    ['2025-02-18T00:00:00+08:00', 'accepted', false, 'none'],
    ['2025-02-18T00:00:00+08:00', 'closed', false, 'none'],
    ['2025-02-18T00:00:00+08:00', 'issued', true, 'none'],
  ] as const)('%s %s finished=%s → %s', (asOf, state, finished, expected) => {
    expect(escalationAt(state, due, red, Date.parse(asOf), finished)).toBe(expected);
  });
});
