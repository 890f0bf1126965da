import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, expect, test, vi } from 'vitest';
import { ApiRequestError } from '../api/http.ts';
import { useSupervisionActionsStore } from './supervision-actions.ts';
import { useSupervisionCaseStore, useSupervisionCasesStore } from './supervision-cases.ts';
import { useSupervisionRatingsStore } from './supervision-ratings.ts';

vi.mock('../api/supervision.ts', () => ({
  fetchCases: vi.fn(), fetchCase: vi.fn(), issueAction: vi.fn(), postActionEvent: vi.fn(), fetchActions: vi.fn(), fetchAction: vi.fn(),
  fetchBadRatings: vi.fn(), fetchAppeals: vi.fn(), submitAppeal: vi.fn(), decideAppeal: vi.fn(),
}));
const api = await import('../api/supervision.ts');

beforeEach(() => {
  setActivePinia(createPinia());
  vi.resetAllMocks();
});

test('case list: a late answer never overwrites the latest one', async () => {
  let release!: (v: unknown) => void;
  vi.mocked(api.fetchCases)
    .mockImplementationOnce(() => new Promise((ok) => (release = ok)) as never)
    .mockResolvedValueOnce({ total: 2, rows: [] } as never);
  const s = useSupervisionCasesStore();
  const first = s.load({ state: 'red' });
  await s.load({ state: 'yellow' });
  release({ total: 1, rows: [] });
  await first;
  expect(s.list.data?.total).toBe(2);
  expect(s.params).toEqual({ state: 'yellow' });
});

test('case detail: an issued 督办 reloads the case at now; a refusal shows the server message', async () => {
  vi.mocked(api.fetchCase).mockResolvedValue({ asOf: 'x', actions: [] } as never);
  vi.mocked(api.issueAction).mockResolvedValueOnce({} as never).mockRejectedValueOnce(new ApiRequestError(409, 'invalid_transition', '当前状态不允许该操作'));
  const s = useSupervisionCaseStore();
  await s.load('K1', '2025-02-20T12:00:00+08:00');
  expect(await s.issue({ caseId: 'K1', reason: '请尽快办结', deadlineWorkdays: 3 })).toBe(true);
  expect(vi.mocked(api.fetchCase).mock.calls.at(-1)).toEqual(['K1', undefined]);
  expect(await s.issue({ caseId: 'K1', reason: 'x', deadlineWorkdays: 3 })).toBe(false);
  expect(s.actionError).toBe('当前状态不允许该操作');
  expect(s.busy).toBe(false);
});

test('督办 list: posting an event refreshes the opened notice and the list', async () => {
  vi.mocked(api.fetchActions).mockResolvedValue({ total: 1, rows: [] } as never);
  vi.mocked(api.fetchAction).mockResolvedValueOnce({ actionId: 'A1', state: 'issued' } as never).mockResolvedValueOnce({ actionId: 'A1', state: 'closed' } as never);
  vi.mocked(api.postActionEvent).mockResolvedValue({} as never);
  const s = useSupervisionActionsStore();
  await s.load({ state: 'issued', page: 1, pageSize: 50 });
  await s.toggle('A1');
  expect(s.opened.A1?.state).toBe('issued');
  expect(await s.postEvent('A1', 'close', '已办结')).toBe(true);
  expect(s.opened.A1?.state).toBe('closed');
  expect(api.fetchActions).toHaveBeenCalledTimes(2);
  await s.toggle('A1');
  expect(s.opened.A1).toBeUndefined();
});

test('差评: an appeal reloads ratings and appeals', async () => {
  vi.mocked(api.fetchBadRatings).mockResolvedValue({ total: 0, rows: [] } as never);
  vi.mocked(api.fetchAppeals).mockResolvedValue({ total: 0, rows: [] } as never);
  vi.mocked(api.submitAppeal).mockResolvedValue({} as never);
  const s = useSupervisionRatingsStore();
  await s.loadRatings({ status: 'overdue' });
  expect(await s.appeal('RK1', '评价与办件无关')).toBe(true);
  expect(api.fetchBadRatings).toHaveBeenCalledTimes(2);
  expect(vi.mocked(api.fetchBadRatings).mock.calls[1]).toEqual([{ status: 'overdue' }]);
  expect(api.fetchAppeals).toHaveBeenCalledTimes(1);
});
