// Conversions of canonical values to JSONEachRow values for ClickHouse columns.
import { beijingDate } from '../clock/beijing.ts';

/** DateTime columns take epoch seconds. */
export const toSeconds = (ms: number): number => Math.floor(ms / 1000);
export const toSecondsOrNull = (ms: number | null): number | null => (ms === null ? null : toSeconds(ms));
export const toDateOrNull = (ms: number | null): string | null => (ms === null ? null : beijingDate(ms));
/** toYYYYMM of an instant in Beijing time: the partition a row lives in for good. */
export const monthOf = (ms: number): number => Number(beijingDate(ms).slice(0, 7).replace('-', ''));
