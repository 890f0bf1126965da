// 异常办件率 — metrics.md: Anomalies for discipline inspection: accepted cases
// with any case anomaly (time_inversion, no_process, instant_finish,
// offhours_bulk) / accepted. The anomalies are the latest complete generation
// that the ETL recomputes after every import and on the supervision schedule
// (etl/anomalies); none of the case rules depends on as_of.
import { caseHasAnomaly } from '../../etl/anomalies/predicates.ts';
import { raw, sql } from '../sql/literal.ts';
import type { MetricDef } from './types.ts';

export const anomaly_rate: MetricDef = {
  id: 'anomaly_rate',
  name: '异常办件率',
  unit: '%',
  direction: 'down',
  kind: 'proportion',
  base: 'accepted',
  period: 'accept_date',
  description: '受理件中存在异常（时间倒挂、无过程记录、秒办、非工作时间集中办结）的比例。',
  numerator: () => sql`countIf(${caseHasAnomaly()})`,
  denominator: () => raw('count()'),
  // The case list (server/routes/supervision-cases.ts) lists the numerator with state=anomaly.
  drill: { extra: { state: 'anomaly' } },
};
