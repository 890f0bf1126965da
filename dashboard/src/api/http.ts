// The one place the dashboard talks HTTP. Errors become ApiRequestError with
// the server's Chinese message (api.md: {"error": {code, message}}); listeners
// hear about 401 (signed out) and 503 (ClickHouse down) to show it globally.

export class ApiRequestError extends Error {
  override name = 'ApiRequestError';
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/** Hears every answer: the error of a failed request, null for a successful one. */
type Listener = (err: ApiRequestError | null) => void;
const listeners = new Set<Listener>();

/** Subscribes to every request's outcome; returns the unsubscribe function. */
export function onApiResult(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export type QueryValue = string | number | boolean | null | undefined | readonly string[];

/** `?a=1&b=x,y` from an object; empty values are left out (multi-values comma-separated, api.md). */
export function toQueryString(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) search.set(key, value.join(','));
    } else search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The Chinese half of "中文 / English" messages. */
export const chineseMessage = (message: string): string => message.split(' / ')[0] ?? message;

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw emit(new ApiRequestError(0, 'network', '无法连接服务器，请检查网络'));
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
    throw emit(new ApiRequestError(res.status, error?.code ?? `http_${res.status}`, chineseMessage(error?.message ?? `请求失败（${res.status}）`)));
  }
  emit(null);
  return parsed as T;
}

function emit<E extends ApiRequestError | null>(err: E): E {
  for (const l of listeners) l(err);
  return err;
}

export const getJson = <T>(path: string, params: Record<string, QueryValue> = {}): Promise<T> =>
  request<T>('GET', path + toQueryString(params));
export const postJson = <T>(path: string, body: unknown = {}): Promise<T> => request<T>('POST', path, body);
