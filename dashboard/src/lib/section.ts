// Loading/error state of one part of a page, and a guard against late
// answers: a request started before the latest one never overwrites it.
import { chineseMessage } from '../api/http.ts';

export interface Section<T> {
  data: T | null;
  loading: boolean;
  error: string | null;
}

export const emptySection = <T>(): Section<T> => ({ data: null, loading: false, error: null });

export const errorText = (err: unknown): string =>
  err instanceof Error ? chineseMessage(err.message) : '加载失败';

/** Runs `fetch` into `section`; `isCurrent` says whether this load is still the latest one. */
export async function fill<T>(section: Section<T>, fetch: () => Promise<T>, isCurrent: () => boolean = () => true): Promise<void> {
  section.loading = true;
  section.error = null;
  try {
    const data = await fetch();
    if (isCurrent()) section.data = data;
  } catch (err) {
    if (isCurrent()) {
      section.data = null;
      section.error = errorText(err);
    }
  } finally {
    if (isCurrent()) section.loading = false;
  }
}
