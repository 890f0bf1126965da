// 好差评 closed loop: the 差评 list by status, appeals (dept submits,
// inspector decides) and the appeals list.
import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import * as api from '../api/supervision.ts';
import { emptySection, errorText, fill } from '../lib/section.ts';

export const useSupervisionRatingsStore = defineStore('supervisionRatings', () => {
  const ratings = reactive(emptySection<api.BadRatingsResponse>());
  const appeals = reactive(emptySection<api.Paged<api.Appeal>>());
  const ratingParams = ref<Record<string, string>>({});
  const appealParams = ref<{ status?: string; page: number; pageSize: number }>({ page: 1, pageSize: 20 });
  const actionError = ref<string | null>(null);
  const busy = ref(false);
  let genRatings = 0;
  let genAppeals = 0;

  async function loadRatings(next: Record<string, string>): Promise<void> {
    const gen = ++genRatings;
    ratingParams.value = next;
    await fill(ratings, () => api.fetchBadRatings(next), () => gen === genRatings);
  }

  async function loadAppeals(next: { status?: string; page: number; pageSize: number }): Promise<void> {
    const gen = ++genAppeals;
    appealParams.value = next;
    await fill(appeals, () => api.fetchAppeals(next), () => gen === genAppeals);
  }

  async function act(write: () => Promise<unknown>): Promise<boolean> {
    busy.value = true;
    actionError.value = null;
    try {
      await write();
      await Promise.all([loadRatings(ratingParams.value), loadAppeals(appealParams.value)]);
      return true;
    } catch (err) {
      actionError.value = errorText(err);
      return false;
    } finally {
      busy.value = false;
    }
  }

  const appeal = (ratingId: string, reason: string) => act(() => api.submitAppeal(ratingId, reason));
  const decide = (appealId: string, decision: 'uphold' | 'reject', note: string) => act(() => api.decideAppeal(appealId, decision, note));

  return { ratings, appeals, ratingParams, appealParams, actionError, busy, loadRatings, loadAppeals, appeal, decide };
});
