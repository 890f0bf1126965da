// The one table of scheduled jobs {name, cron, run}. Every configured source
// is an import job; later features (supervision checks, monthly notices) add
// their jobs here. Runs of one job never overlap (etl/job-lock.ts).
import type { Db } from '../server/sql/client.ts';
import { monthlyNoticeJob } from '../server/evaluation/notices.ts';
import { recomputeAnomalies } from './anomalies/recompute.ts';
import { runImport } from './import.ts';
import { loadCalendar } from './load/context.ts';
import { refreshDerived } from './load/derived.ts';
import { connectorFor, loadSourceConfigs, type SourceConfig } from './sources/config.ts';
import { supervisionActionsJob } from '../server/supervision/checks.ts';

export interface JobContext {
  db: Db;
  secret: string;
}

export interface Job {
  name: string;
  /** node-cron expression; null = manual only. */
  cron: string | null;
  description: string;
  run(ctx: JobContext): Promise<unknown>;
}

const DEFAULT_IMPORT_CRON = '*/10 * * * *';

export function importJob(source: SourceConfig): Job {
  return {
    name: `import:${source.name}`,
    cron: source.cron ?? DEFAULT_IMPORT_CRON,
    description: source.type === 'file-drop' ? `导入目录 ${source.dir}` : `增量拉取 ${source.baseUrl}`,
    run: ({ db, secret }) => runImport({ db, connector: connectorFor(source), job: `import:${source.name}`, secret }),
  };
}

/** Supervision checks: recompute the anomalies for the current time (unrectified_bad depends on it). */
export const supervisionChecksJob: Job = {
  name: 'supervision:checks',
  cron: '*/15 * * * *',
  description: '监察检查：按当前时间重算异常办件',
  run: async ({ db }) => recomputeAnomalies(db, { now: Date.now(), calendar: await loadCalendar(db), trigger: 'supervision:checks' }),
};

/**
 * Rebuilds rollup partitions left pending by writers that do not rebuild
 * themselves (a crashed import; a definition change creates empty tables).
 */
export const rollupsRefreshJob: Job = {
  name: 'rollups:refresh',
  cron: '*/5 * * * *',
  description: '重建待更新的汇总表分区',
  run: async ({ db }) => ({ rebuilt: await refreshDerived(db, `rollups:refresh:${Date.now()}`) }),
};

export function jobTable(sources: SourceConfig[] = loadSourceConfigs()): Job[] {
  return [...sources.map(importJob), supervisionChecksJob, supervisionActionsJob, monthlyNoticeJob, rollupsRefreshJob];
}
