// 电子监察 case list and one case's detail. Parameters come from the URL
// (views/supervision/case-query.ts); a request started before the latest one
// never overwrites it.
import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import * as api from '../api/supervision.ts';
import { emptySection, errorText, fill } from '../lib/section.ts';

export const useSupervisionCasesStore = defineStore('supervisionCases', () => {
  const list = reactive(emptySection<api.CaseListResponse>());
  const params = ref<Record<string, string>>({});
  let generation = 0;

  async function load(next: Record<string, string>): Promise<void> {
    const gen = ++generation;
    params.value = next;
    await fill(list, () => api.fetchCases(next), () => gen === generation);
  }

  return { list, params, load };
});

export const useSupervisionCaseStore = defineStore('supervisionCase', () => {
  const detail = reactive(emptySection<api.CaseDetail>());
  /** The last action's error (issue / event), shown beside the forms. */
  const actionError = ref<string | null>(null);
  const busy = ref(false);
  let current: { caseId: string; asOf?: string } | null = null;
  let generation = 0;

  async function load(caseId: string, asOf?: string): Promise<void> {
    const gen = ++generation;
    if (current?.caseId !== caseId) detail.data = null;
    current = { caseId, asOf };
    actionError.value = null;
    await fill(detail, () => api.fetchCase(caseId, asOf), () => gen === generation);
  }

  /** Runs one 督办 write, then reloads the case (its history changed). Returns whether it succeeded. */
  async function act(write: () => Promise<unknown>): Promise<boolean> {
    busy.value = true;
    actionError.value = null;
    try {
      await write();
      // TRICKY: a pinned asOf would hide the new event; reload at now.
      if (current) await load(current.caseId);
      return true;
    } catch (err) {
      actionError.value = errorText(err);
      return false;
    } finally {
      busy.value = false;
    }
  }

  const issue = (body: api.IssueActionBody) => act(() => api.issueAction(body));
  const postEvent = (actionId: string, type: api.UserActionEvent, text: string) => act(() => api.postActionEvent(actionId, type, text));

  return { detail, actionError, busy, load, issue, postEvent };
});
