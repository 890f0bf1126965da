// 督办 notices: the list with its state/escalation filter, one notice's
// history on demand, and the events a role may post.
import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import * as api from '../api/supervision.ts';
import { emptySection, errorText, fill } from '../lib/section.ts';

export const useSupervisionActionsStore = defineStore('supervisionActions', () => {
  const list = reactive(emptySection<api.ActionListResponse>());
  const params = ref<api.ActionListParams>({ page: 1, pageSize: 50 });
  /** Notices opened with their full history, by id. */
  const opened = ref<Record<string, api.Action>>({});
  const actionError = ref<string | null>(null);
  const busy = ref(false);
  let generation = 0;

  async function load(next: api.ActionListParams): Promise<void> {
    const gen = ++generation;
    params.value = next;
    await fill(list, () => api.fetchActions(next), () => gen === generation);
  }

  async function toggle(actionId: string): Promise<void> {
    if (opened.value[actionId]) {
      const { [actionId]: _closed, ...rest } = opened.value;
      opened.value = rest;
      return;
    }
    try {
      opened.value = { ...opened.value, [actionId]: await api.fetchAction(actionId) };
    } catch (err) {
      actionError.value = errorText(err);
    }
  }

  async function postEvent(actionId: string, type: api.UserActionEvent, text: string): Promise<boolean> {
    busy.value = true;
    actionError.value = null;
    try {
      await api.postActionEvent(actionId, type, text);
      opened.value = { ...opened.value, [actionId]: await api.fetchAction(actionId) };
      await load(params.value);
      return true;
    } catch (err) {
      actionError.value = errorText(err);
      return false;
    } finally {
      busy.value = false;
    }
  }

  return { list, params, opened, actionError, busy, load, toggle, postEvent };
});
