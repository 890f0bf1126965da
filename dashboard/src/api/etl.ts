import type { EtlJob, EtlRun, Freshness, QuarantinedRow } from '../../../server/routes/etl.ts';
import { getJson, postJson } from './http.ts';

export type { EtlJob, EtlRun, Freshness, QuarantinedRow };

export interface Paged<T> {
  page: number;
  pageSize: number;
  total: number;
  rows: T[];
}

export interface QuarantinePage extends Paged<QuarantinedRow> {
  facets: { reasons: Array<{ kind: string; reason: string; count: number }>; sources: string[] };
}

export const fetchFreshness = () => getJson<Freshness>('/api/etl/freshness');
export const fetchJobs = () => getJson<{ jobs: EtlJob[] }>('/api/etl/jobs').then((r) => r.jobs);
export const runJob = (name: string) => postJson<{ job: string; started: boolean }>(`/api/etl/jobs/${encodeURIComponent(name)}/run`);
export const fetchRuns = (q: { page: number; pageSize: number; job?: string; status?: string }) => getJson<Paged<EtlRun>>('/api/etl/runs', q);
export const fetchQuarantine = (q: { page: number; pageSize: number; kind?: string; reason?: string; source?: string }) =>
  getJson<QuarantinePage>('/api/etl/quarantine', q);
