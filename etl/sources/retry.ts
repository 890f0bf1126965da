// Retry with exponential backoff for transient failures only (style.md:
// "retry only transient errors with backoff, fail fast on the rest").

export class HttpStatusError extends Error {
  override name = 'HttpStatusError';
  constructor(readonly status: number, readonly url: string, body: string) {
    super(`HTTP ${status} from ${url}: ${body.slice(0, 200)}`);
  }
}

/** 5xx, 429 and network-level failures (reset, refused, timeout) are worth retrying; 4xx are not. */
export function isTransient(err: unknown): boolean {
  if (err instanceof HttpStatusError) return err.status >= 500 || err.status === 429;
  if (err instanceof SyntaxError) return true; // a body cut off mid-way
  if (err instanceof Error) {
    const text = `${err.name} ${err.message} ${String((err as { cause?: unknown }).cause ?? '')}`;
    return /fetch failed|ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|socket|terminated|aborted|timeout|UND_ERR/i.test(text);
  }
  return false;
}

export interface RetryOptions {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 6, baseDelayMs: 200, maxDelayMs: 10_000 };

export async function withRetry<T>(fn: () => Promise<T>, opts: RetryOptions = DEFAULT_RETRY): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= opts.attempts || !isTransient(err)) throw err;
      // Full jitter keeps many clients from retrying in lockstep.
      const cap = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** (attempt - 1));
      const delay = Math.round(cap / 2 + (Math.random() * cap) / 2);
      opts.onRetry?.(err, attempt, delay);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
