// The data-freshness badge: last successful ETL run per source, quarantined rows.
import { defineStore } from 'pinia';
import { computed, reactive } from 'vue';
import { fetchFreshness, type Freshness } from '../api/etl.ts';
import { emptySection, fill } from '../lib/section.ts';

/** Hours after which data counts as stale (the default import runs every 10 minutes). */
export const STALE_HOURS = 24;

export type FreshnessLevel = 'fresh' | 'stale' | 'none';

export function freshnessLevel(lastSuccessAt: string | null, nowMs = Date.now()): FreshnessLevel {
  if (!lastSuccessAt) return 'none';
  return nowMs - Date.parse(lastSuccessAt) > STALE_HOURS * 3_600_000 ? 'stale' : 'fresh';
}

export const useFreshnessStore = defineStore('freshness', () => {
  const state = reactive(emptySection<Freshness>());
  const level = computed(() => freshnessLevel(state.data?.lastSuccessAt ?? null));
  const load = () => fill(state, fetchFreshness);
  return { state, level, load };
});
