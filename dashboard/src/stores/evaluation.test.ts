import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, expect, test, vi } from 'vitest';
import { ApiRequestError } from '../api/http.ts';
import { useEvaluationStore } from './evaluation.ts';

vi.mock('../api/evaluation.ts', () => ({
  fetchSystems: vi.fn(), fetchSystem: vi.fn(), createSystem: vi.fn(), fetchScorecards: vi.fn(), fetchScorecard: vi.fn(),
  createScorecard: vi.fn(), recomputeScorecard: vi.fn(), fetchNotices: vi.fn(), verifyFile: vi.fn(), exportUrl: vi.fn(),
}));
const api = await import('../api/evaluation.ts');

beforeEach(() => {
  setActivePinia(createPinia());
  vi.resetAllMocks();
  vi.mocked(api.fetchSystems).mockResolvedValue([]);
  vi.mocked(api.fetchScorecards).mockResolvedValue([]);
});

test('importSystem: a new version reloads the list; a 400 shows the API message', async () => {
  const s = useEvaluationStore();
  vi.mocked(api.createSystem).mockResolvedValueOnce({ id: 'x-v2' } as never);
  expect(await s.importSystem({ code: 'x' })).toEqual({ id: 'x-v2' });
  expect(s.importResult).toEqual({ ok: true, text: '已导入为新版本 x-v2' });
  expect(api.fetchSystems).toHaveBeenCalledTimes(1);
  vi.mocked(api.createSystem).mockRejectedValueOnce(new ApiRequestError(400, 'bad_request', '指标体系节点「时效」的下级权重之和为 0.9，应为 1'));
  expect(await s.importSystem({ code: 'x' })).toBeNull();
  expect(s.importResult).toEqual({ ok: false, text: '指标体系节点「时效」的下级权重之和为 0.9，应为 1' });
});

test('createScorecard: success reloads the list, failure keeps the message', async () => {
  const s = useEvaluationStore();
  vi.mocked(api.createScorecard).mockResolvedValueOnce({ id: 'sc1' } as never);
  const req = { systemId: 'default-v1', from: '2025-03-01', to: '2025-03-31', by: 'dept' as const };
  expect(await s.createScorecard(req)).toEqual({ id: 'sc1' });
  expect(api.fetchScorecards).toHaveBeenCalledTimes(1);
  vi.mocked(api.createScorecard).mockRejectedValueOnce(new ApiRequestError(400, 'bad_request', '参数 from 无效'));
  expect(await s.createScorecard(req)).toBeNull();
  expect(s.createError).toBe('参数 from 无效');
  expect(s.creating).toBe(false);
});

test('a late scorecard answer never overwrites a newer one', async () => {
  const s = useEvaluationStore();
  let resolveOld!: (v: never) => void;
  vi.mocked(api.fetchScorecard)
    .mockReturnValueOnce(new Promise((ok) => { resolveOld = ok; }))
    .mockResolvedValueOnce({ id: 'new' } as never);
  const old = s.loadScorecard('old');
  await s.loadScorecard('new');
  resolveOld({ id: 'old' } as never);
  await old;
  expect(s.scorecard.data).toEqual({ id: 'new' });
});

test('recompute and verify keep their results', async () => {
  const s = useEvaluationStore();
  vi.mocked(api.recomputeScorecard).mockResolvedValueOnce({ scorecard: { id: 'sc2' }, differences: [] } as never);
  expect(await s.recomputeScorecard('sc1')).toEqual({ id: 'sc2' });
  expect(s.recompute?.differences).toEqual([]);
  vi.mocked(api.verifyFile).mockResolvedValueOnce({ valid: false, scorecardId: null, reason: '未找到' });
  await s.verifyFile(new Blob(['x']));
  expect(s.verify).toEqual({ valid: false, scorecardId: null, reason: '未找到' });
});
