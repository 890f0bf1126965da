// 节假日日历 (admin): GET /api/admin/calendar?year, POST a CSV/XLSX file (server/routes/admin-calendar.ts).
import type { CalendarDay, CalendarOverrideRow, CalendarQuarantined, CalendarUploadResult, CalendarYear } from '../../../server/routes/admin-calendar.ts';
import { ApiRequestError, chineseMessage, getJson } from './http.ts';

export type { CalendarDay, CalendarOverrideRow, CalendarQuarantined, CalendarUploadResult, CalendarYear };

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The content type the server expects for a calendar file, by its name; null when neither CSV nor XLSX. */
export function calendarContentType(fileName: string): string | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) return 'text/csv';
  if (lower.endsWith('.xlsx')) return XLSX_MIME;
  return null;
}

export const fetchCalendarYear = (year: number) => getJson<CalendarYear>('/api/admin/calendar', { year });
export const uploadCalendar = (file: Blob, contentType: string) =>
  uploadFile<CalendarUploadResult>('/api/admin/calendar', file, contentType);

// Raw-body uploads (calendar files here, scorecard verification in evaluation.ts): http.ts only sends JSON.
/** POSTs `file` as the raw request body; errors become ApiRequestError with the server's Chinese message. */
export async function uploadFile<T>(path: string, file: Blob | string, contentType: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json', 'content-type': contentType }, body: file });
  } catch {
    throw new ApiRequestError(0, 'network', '无法连接服务器，请检查网络');
  }
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    const error = (parsed as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiRequestError(res.status, error?.code ?? `http_${res.status}`, chineseMessage(error?.message ?? `请求失败（${res.status}）`));
  }
  return parsed as T;
}
