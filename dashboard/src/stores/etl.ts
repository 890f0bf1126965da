// 数据管理 (admin): jobs with schedules, run history, quarantine browser.
import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import * as etlApi from '../api/etl.ts';
import { emptySection, errorText, fill } from '../lib/section.ts';

export const useEtlStore = defineStore('etl', () => {
  const jobs = reactive(emptySection<etlApi.EtlJob[]>());
  const runs = reactive(emptySection<etlApi.Paged<etlApi.EtlRun>>());
  const quarantine = reactive(emptySection<etlApi.QuarantinePage>());
  const runsQuery = ref({ page: 1, pageSize: 20, job: '', status: '' });
  const quarantineQuery = ref({ page: 1, pageSize: 20, kind: '', reason: '', source: '' });
  /** The outcome of the last 立即运行, shown beside the job table. */
  const notice = ref<{ ok: boolean; text: string } | null>(null);

  const loadJobs = () => fill(jobs, etlApi.fetchJobs);
  const loadRuns = () => fill(runs, () => etlApi.fetchRuns(runsQuery.value));
  const loadQuarantine = () => fill(quarantine, () => etlApi.fetchQuarantine(quarantineQuery.value));

  async function runNow(name: string): Promise<void> {
    try {
      await etlApi.runJob(name);
      notice.value = { ok: true, text: `已开始运行 ${name}，完成后可在运行记录中查看` };
    } catch (err) {
      notice.value = { ok: false, text: errorText(err) };
    }
    await Promise.all([loadJobs(), loadRuns()]);
  }

  return { jobs, runs, quarantine, runsQuery, quarantineQuery, notice, loadJobs, loadRuns, loadQuarantine, runNow };
});
