import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, expect, test, vi } from 'vitest';
import { ApiRequestError } from '../api/http.ts';
import { useCalendarStore } from './calendar.ts';

vi.mock('../api/calendar.ts', async (orig) => ({
  ...(await orig<typeof import('../api/calendar.ts')>()), fetchCalendarYear: vi.fn(), uploadCalendar: vi.fn(),
}));
const api = await import('../api/calendar.ts');
const YEAR = { year: 2025, fallback: false, fallbackNote: null, announcedYears: [2025], days: [], overrides: [], workdays: 0, holidays: 0 };
const RESULT = { runId: 'r1', format: 'csv' as const, bytes: 5, summary: { read: 1, written: 1, duplicates: 0, stale: 0, quarantined: 0 }, quarantined: [], recomputedCases: 0 };

beforeEach(() => {
  setActivePinia(createPinia());
  vi.resetAllMocks();
  vi.mocked(api.fetchCalendarYear).mockResolvedValue(YEAR);
});

test('load asks for the selected year', async () => {
  const s = useCalendarStore();
  s.year = 2025;
  await s.load();
  expect(api.fetchCalendarYear).toHaveBeenCalledWith(2025);
  expect(s.calendar.data?.year).toBe(2025);
});

test('upload: content type by file name, result kept, calendar reloaded', async () => {
  const s = useCalendarStore();
  vi.mocked(api.uploadCalendar).mockResolvedValue(RESULT);
  await s.upload(new File(['date,is_workday\n'], 'calendar-2026.CSV'));
  expect(api.uploadCalendar).toHaveBeenCalledWith(expect.any(File), 'text/csv');
  expect(s.result).toEqual(RESULT);
  expect(api.fetchCalendarYear).toHaveBeenCalledTimes(1);

  await s.upload(new File(['x'], 'a.xlsx'));
  expect(vi.mocked(api.uploadCalendar).mock.calls[1]![1]).toBe(api.XLSX_MIME);
});

test('upload: wrong extension and server errors become uploadError', async () => {
  const s = useCalendarStore();
  await s.upload(new File(['x'], 'calendar.txt'));
  expect(s.uploadError).toContain('.csv');
  expect(api.uploadCalendar).not.toHaveBeenCalled();
  vi.mocked(api.uploadCalendar).mockRejectedValue(new ApiRequestError(413, 'payload_too_large', '请求体过大'));
  await s.upload(new File(['x'], 'calendar.csv'));
  expect(s.uploadError).toBe('请求体过大');
  expect(s.result).toBeNull();
  expect(s.uploading).toBe(false);
});
