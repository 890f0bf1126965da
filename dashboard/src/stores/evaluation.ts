// 第三方评估: index systems, scorecards, verification, 通报.
import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import * as api from '../api/evaluation.ts';
import { emptySection, errorText, fill } from '../lib/section.ts';

export const useEvaluationStore = defineStore('evaluation', () => {
  const systems = reactive(emptySection<api.IndexSystem[]>());
  const system = reactive(emptySection<api.IndexSystem>());
  const scorecards = reactive(emptySection<api.ScorecardSummary[]>());
  const scorecard = reactive(emptySection<api.Scorecard>());
  const notices = reactive(emptySection<{ notices: api.Notice[]; today: string }>());
  /** Outcome of the last JSON import (a new version, or the API's validation error). */
  const importResult = ref<{ ok: boolean; text: string } | null>(null);
  const createError = ref<string | null>(null);
  const creating = ref(false);
  const recompute = ref<api.RecomputeResult | null>(null);
  const recomputeError = ref<string | null>(null);
  const recomputing = ref(false);
  const verify = ref<api.VerifyResult | null>(null);
  const verifyError = ref<string | null>(null);
  const externalValues = reactive(emptySection<api.ExternalValue[]>());
  /** Outcome of the last external CSV upload: imported count, or the rejected rows. */
  const externalUpload = ref<api.ExternalUploadResult | null>(null);
  const externalUploadError = ref<string | null>(null);
  const saveError = ref<string | null>(null);
  const saving = ref(false);
  let systemSeq = 0;
  let cardSeq = 0;

  const loadSystems = () => fill(systems, api.fetchSystems);
  const loadScorecards = () => fill(scorecards, api.fetchScorecards);
  const loadNotices = () => fill(notices, api.fetchNotices);
  function loadSystem(id: string): Promise<void> {
    const mine = ++systemSeq;
    return fill(system, () => api.fetchSystem(id), () => mine === systemSeq);
  }
  function loadScorecard(id: string): Promise<void> {
    const mine = ++cardSeq;
    if (scorecard.data?.id !== id) scorecard.data = null;
    return fill(scorecard, () => api.fetchScorecard(id), () => mine === cardSeq);
  }

  /** POSTs an imported JSON system; returns the new version or null (error in importResult). */
  async function importSystem(input: unknown): Promise<api.IndexSystem | null> {
    importResult.value = null;
    try {
      const created = await api.createSystem(input);
      importResult.value = { ok: true, text: `已导入为新版本 ${created.id}` };
      await loadSystems();
      return created;
    } catch (err) {
      importResult.value = { ok: false, text: errorText(err) };
      return null;
    }
  }

  /** POSTs an edited system as a new version; null on failure (the server's 400 message in saveError). */
  async function saveSystem(input: api.IndexSystemInput): Promise<api.IndexSystem | null> {
    saveError.value = null;
    saving.value = true;
    try {
      const created = await api.createSystem(input);
      await loadSystems();
      return created;
    } catch (err) {
      saveError.value = errorText(err);
      return null;
    } finally {
      saving.value = false;
    }
  }

  const loadExternalValues = () => fill(externalValues, () => api.fetchExternalValues());
  async function uploadExternal(file: Blob): Promise<void> {
    externalUpload.value = null;
    externalUploadError.value = null;
    try {
      externalUpload.value = await api.uploadExternalFile(file);
      if (externalUpload.value.ok) await loadExternalValues();
    } catch (err) {
      externalUploadError.value = errorText(err);
    }
  }

  async function createScorecard(req: api.ScorecardRequest): Promise<api.Scorecard | null> {
    createError.value = null;
    creating.value = true;
    try {
      const card = await api.createScorecard(req);
      await loadScorecards();
      return card;
    } catch (err) {
      createError.value = errorText(err);
      return null;
    } finally {
      creating.value = false;
    }
  }

  async function recomputeScorecard(id: string): Promise<api.Scorecard | null> {
    recompute.value = null;
    recomputeError.value = null;
    recomputing.value = true;
    try {
      recompute.value = await api.recomputeScorecard(id);
      return recompute.value.scorecard;
    } catch (err) {
      recomputeError.value = errorText(err);
      return null;
    } finally {
      recomputing.value = false;
    }
  }

  async function verifyFile(file: Blob): Promise<void> {
    verify.value = null;
    verifyError.value = null;
    try {
      verify.value = await api.verifyFile(file);
    } catch (err) {
      verifyError.value = errorText(err);
    }
  }

  return {
    systems, system, scorecards, scorecard, notices, importResult, createError, creating, recompute, recomputeError, recomputing,
    verify, verifyError, loadSystems, loadSystem, loadScorecards, loadScorecard, loadNotices, importSystem, createScorecard,
    recomputeScorecard, verifyFile, externalValues, externalUpload, externalUploadError, saveError, saving, saveSystem,
    loadExternalValues, uploadExternal,
  };
});
