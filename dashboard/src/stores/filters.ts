// The global filters. The URL query is the source of truth (bookmarkable
// views): the shell calls `sync(route.query)` on every navigation, and the
// filter bar asks for the query of a change (`queryFor`) and navigates to it.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { filtersToQuery, parseFilters, rangeOf, toDataFilters, type Filters } from '../lib/filters.ts';
import { beijingToday } from '../lib/period.ts';

export const useFiltersStore = defineStore('filters', () => {
  const filters = ref<Filters>(parseFilters({}));
  /** Today's Beijing date, fixed when the filters change (presets resolve against it). */
  const today = ref(beijingToday());

  const range = computed(() => rangeOf(filters.value, today.value));
  const dataFilters = computed(() => toDataFilters(filters.value, range.value));
  /** The filter part of the URL query, for links that keep the filters. */
  const query = computed(() => filtersToQuery(filters.value));

  function sync(routeQuery: Record<string, unknown>): void {
    const next = parseFilters(routeQuery);
    today.value = beijingToday();
    if (JSON.stringify(next) !== JSON.stringify(filters.value)) filters.value = next;
  }

  /** The route query after applying `patch`, keeping the route's other keys. */
  function queryFor(patch: Partial<Filters>, routeQuery: Record<string, unknown> = {}): Record<string, string> {
    return filtersToQuery({ ...filters.value, ...patch }, routeQuery);
  }

  return { filters, today, range, dataFilters, query, sync, queryFor };
});
