// Errors the API reports: {"error": {"code", "message": "中文 / English"}}
// with a fitting status (api.md). Never a stack trace.

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(readonly status: number, readonly code: string, readonly zh: string, readonly en: string) {
    super(`${zh} / ${en}`);
  }
}

export const badRequest = (zh: string, en: string, code = 'bad_request') => new ApiError(400, code, zh, en);
export const unauthorized = () => new ApiError(401, 'unauthorized', '请先登录', 'Sign-in required');
export const forbidden = () => new ApiError(403, 'forbidden', '无权访问', 'Not allowed for your role or scope');
export const notFound = (what = '资源') => new ApiError(404, 'not_found', `${what}不存在`, 'Not found');
export const unavailable = () =>
  new ApiError(503, 'clickhouse_unavailable', '数据库暂时不可用，请稍后重试', 'The database is unavailable; retry shortly');
