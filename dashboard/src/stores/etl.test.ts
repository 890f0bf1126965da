import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, expect, test, vi } from 'vitest';
import { ApiRequestError } from '../api/http.ts';
import { useEtlStore } from './etl.ts';

vi.mock('../api/etl.ts', () => ({ fetchJobs: vi.fn(), fetchRuns: vi.fn(), fetchQuarantine: vi.fn(), runJob: vi.fn(), fetchFreshness: vi.fn() }));
const api = await import('../api/etl.ts');

beforeEach(() => {
  setActivePinia(createPinia());
  vi.resetAllMocks();
  vi.mocked(api.fetchJobs).mockResolvedValue([]);
  vi.mocked(api.fetchRuns).mockResolvedValue({ page: 1, pageSize: 20, total: 0, rows: [] });
});

test('runs and quarantine load with their queries', async () => {
  vi.mocked(api.fetchQuarantine).mockResolvedValue({ page: 2, pageSize: 20, total: 0, rows: [], facets: { reasons: [], sources: [] } });
  const s = useEtlStore();
  s.quarantineQuery.page = 2;
  s.quarantineQuery.reason = 'bad_date';
  await s.loadQuarantine();
  expect(api.fetchQuarantine).toHaveBeenCalledWith(expect.objectContaining({ page: 2, reason: 'bad_date' }));
  expect(s.quarantine.data?.page).toBe(2);
});

test('立即运行: success and 409 both end in a notice and a refresh', async () => {
  const s = useEtlStore();
  vi.mocked(api.runJob).mockResolvedValueOnce({ job: 'import:a', started: true });
  await s.runNow('import:a');
  expect(s.notice).toEqual({ ok: true, text: expect.stringContaining('import:a') });
  vi.mocked(api.runJob).mockRejectedValueOnce(new ApiRequestError(409, 'job_busy', '任务 import:a 正在运行'));
  await s.runNow('import:a');
  expect(s.notice).toEqual({ ok: false, text: '任务 import:a 正在运行' });
  expect(api.fetchJobs).toHaveBeenCalledTimes(2);
  expect(api.fetchRuns).toHaveBeenCalledTimes(2);
});
