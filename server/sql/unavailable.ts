// Tells a ClickHouse outage (→ 503, retry later) from a query error (→ a bug, 500).
export function isClickHouseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const text = `${err.name} ${err.message} ${String((err as { code?: unknown }).code ?? '')} ${String((err as { cause?: unknown }).cause ?? '')}`;
  return /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|socket hang up|Timeout error|connect ECONN|other side closed|UND_ERR|All connection tries failed/i.test(text);
}
