// The anomaly rules that are plain set conditions, each one INSERT … SELECT
// into the generation being written (metrics.md: "Anomalies for discipline
// inspection"): time_inversion, no_process, instant_finish, unrectified_bad.
// Evidence JSON is assembled in SQL (sql-json.ts).
//
// Case rules run per hash bucket of case_id (`bucket`), so that the joins'
// right-hand sides (per-case step aggregates) stay bounded on large tables.
import type { Db } from '../../server/sql/client.ts';
import { instant, int, raw, sql, type Sql } from '../../server/sql/literal.ts';
import { thresholdsOf, type ResolvedAnomalyConfig } from './config.ts';
import { unrectifiedBadAt } from './predicates.ts';
import { jsonArray, jsonBool, jsonConst, jsonInt, jsonObject, jsonString, jsonStringOrNull, jsonTime } from './sql-json.ts';
import type { AnomalyType } from './types.ts';

export interface SetRuleContext {
  db: Db;
  generation: number;
  /** The check's time (epoch ms). */
  now: number;
  config: ResolvedAnomalyConfig;
}

/** `cityHash64(case_id) % of = index`, or always true for one bucket. */
export function caseBucket(index: number, of: number): Sql {
  return of <= 1 ? raw('1') : sql`cityHash64(case_id) % ${int(of)} = ${int(index)}`;
}

const INSERT = raw(`INSERT INTO anomalies (generation, anomaly_type, case_id, rating_id, actor_id, dept_code, region_code,
  item_code, event_at, evidence, detected_at)`);

/**
 * metrics.md: "The actor of a case = the actor_id of its `finish` step with the
 * highest seq", joined onto rows with `case_id`; adds `actor_id` ('' when
 * unknown) and `finish_seq` (0 when the case has no finish step).
 */
const actorJoin = (cases: Sql): Sql => sql`ALL LEFT JOIN (
    SELECT case_id, argMax(actor_id, seq) AS actor_id, max(seq) AS finish_seq
    FROM steps WHERE step_type = 'finish' AND ${cases}
    GROUP BY case_id) USING case_id`;

/** The evidence keys every case finding shares: its actor and the step that names it. */
const actorEvidence = (): Array<readonly [string, Sql]> => [
  ['actor_id', jsonStringOrNull(raw('actor_id'))],
  ['finish_seq', raw(`if(finish_seq = 0, 'null', toString(finish_seq))`)],
];

const ACCEPTED = raw(`status != 'not_accepted' AND accepted_at IS NOT NULL`);
const FINISHED_WITH_LIMIT = raw(`status IN ('finished', 'denied') AND promised_limit >= 1`);

/** A step (seq, type, started_at) tuple as JSON. */
const stepJson = (x: Sql): Sql => jsonObject([
  ['seq', sql`toString(tupleElement(${x}, 1))`],
  ['step_type', sql`concat('"', tupleElement(${x}, 2), '"')`], // an Enum name: no escaping needed
  ['started_at', jsonTime(sql`tupleElement(${x}, 3)`)],
]);

const seconds = (t: Sql): Sql => sql`toInt64(toUnixTimestamp(${t}))`;

/**
 * time_inversion (时间倒挂, 先办后受): accepted_at < submitted_at − tolerance, or
 * a review/decide/finish step whose started_at < accepted_at. Cases that were
 * not accepted (status not_accepted, or no accepted_at) have no acceptance to invert.
 */
export async function insertTimeInversion(c: SetRuleContext, bucket: Sql): Promise<void> {
  const tol = int(c.config.inversionToleranceSeconds);
  const evidence = jsonObject([
    ['submitted_at', jsonTime(raw('submitted_at'))],
    ['accepted_at', jsonTime(raw('acc'))],
    ['accepted_before_submitted_seconds', sql`toString(${seconds(raw('submitted_at'))} - ${seconds(raw('acc'))})`],
    ['accepted_before_submitted', jsonBool(sql`acc < submitted_at - ${tol}`)],
    ['steps_before_accepted', jsonArray(raw('early'), stepJson)],
    ...actorEvidence(),
    ['thresholds', jsonConst(thresholdsOf(c.config).time_inversion)],
  ]);
  await c.db.command(sql`${INSERT}
SELECT ${int(c.generation)}, 'time_inversion', case_id, '', actor_id, dept_code, region_code, item_code, acc, ${evidence},
  ${instant(c.now)}
FROM (
  SELECT case_id, dept_code, region_code, item_code, submitted_at, acc, early
  FROM (
    SELECT case_id, dept_code, region_code, item_code, submitted_at, assumeNotNull(accepted_at) AS acc
    FROM cases WHERE ${ACCEPTED} AND ${bucket}
  ) ALL LEFT JOIN (
    SELECT case_id, arraySort(groupArray((seq, step_type_name, started_at))) AS early
    FROM (
      SELECT case_id, seq, toString(step_type) AS step_type_name, started_at, case_acc
      FROM steps ALL INNER JOIN (
        SELECT case_id, assumeNotNull(accepted_at) AS case_acc FROM cases WHERE ${ACCEPTED} AND ${bucket}
      ) USING case_id
      WHERE step_type IN ('review', 'decide', 'finish') AND ${bucket}
    )
    WHERE started_at < case_acc
    GROUP BY case_id
  ) USING case_id
  WHERE acc < submitted_at - ${tol} OR notEmpty(early)
) ${actorJoin(bucket)}`);
}

/**
 * no_process (无过程记录): a finished/denied case with N ≥ 1 and no review or
 * decide step. The evidence lists the steps the case does have.
 */
export async function insertNoProcess(c: SetRuleContext, bucket: Sql): Promise<void> {
  const candidates = sql`${FINISHED_WITH_LIMIT} AND ${bucket}
    AND case_id NOT IN (SELECT case_id FROM steps WHERE step_type IN ('review', 'decide') AND ${bucket})`;
  const evidence = jsonObject([
    ['status', sql`concat('"', status_name, '"')`],
    ['promised_limit', jsonInt(raw('n'))],
    ['finished_at', jsonTime(raw('finished_at'))],
    ['steps', jsonArray(raw('case_steps'), stepJson)],
    ...actorEvidence(),
    ['thresholds', jsonConst(thresholdsOf(c.config).no_process)],
  ]);
  await c.db.command(sql`${INSERT}
SELECT ${int(c.generation)}, 'no_process', case_id, '', actor_id, dept_code, region_code, item_code,
  ifNull(finished_at, submitted_at), ${evidence}, ${instant(c.now)}
FROM (
  SELECT case_id, dept_code, region_code, item_code, toString(status) AS status_name, assumeNotNull(promised_limit) AS n,
    submitted_at, finished_at
  FROM cases WHERE ${candidates}
) ALL LEFT JOIN (
  SELECT case_id, arraySort(groupArray((seq, toString(step_type), started_at))) AS case_steps,
    argMaxIf(actor_id, seq, step_type = 'finish') AS actor_id, maxIf(seq, step_type = 'finish') AS finish_seq
  FROM steps WHERE case_id IN (SELECT case_id FROM cases WHERE ${candidates})
  GROUP BY case_id
) USING case_id`);
}

/** instant_finish (秒办): a finished/denied case with N ≥ 1 and finished_at − accepted_at < threshold. */
export async function insertInstantFinish(c: SetRuleContext, bucket: Sql): Promise<void> {
  const duration = sql`(${seconds(raw('assumeNotNull(finished_at)'))} - ${seconds(raw('assumeNotNull(accepted_at)'))})`;
  const candidates = sql`${FINISHED_WITH_LIMIT} AND accepted_at IS NOT NULL AND finished_at IS NOT NULL
    AND ${duration} < ${int(c.config.instantFinishSeconds)} AND ${bucket}`;
  const evidence = jsonObject([
    ['promised_limit', jsonInt(raw('n'))],
    ['accepted_at', jsonTime(raw('acc'))],
    ['finished_at', jsonTime(raw('fin'))],
    ['duration_seconds', raw('toString(duration)')],
    ...actorEvidence(),
    ['thresholds', jsonConst(thresholdsOf(c.config).instant_finish)],
  ]);
  await c.db.command(sql`${INSERT}
SELECT ${int(c.generation)}, 'instant_finish', case_id, '', actor_id, dept_code, region_code, item_code, fin, ${evidence},
  ${instant(c.now)}
FROM (
  SELECT case_id, dept_code, region_code, item_code, assumeNotNull(promised_limit) AS n, assumeNotNull(accepted_at) AS acc,
    assumeNotNull(finished_at) AS fin, ${duration} AS duration
  FROM cases WHERE ${candidates}
) ${actorJoin(sql`case_id IN (SELECT case_id FROM cases WHERE ${candidates})`)}`);
}

/**
 * The case attributes a rating falls back to (metrics.md: "a rating without
 * them takes its case's"), joined onto rating rows with `case_id`.
 * argMax keeps the join one-to-one even while an import holds two versions of a case.
 */
export const caseAttrsJoin = (ratings: Sql): Sql => sql`ALL LEFT JOIN (
    SELECT case_id, argMax(dept_code, version) AS c_dept, argMax(region_code, version) AS c_region,
      argMax(item_code, version) AS c_item
    FROM cases WHERE case_id IN (SELECT case_id FROM ratings WHERE ${ratings} AND case_id != '')
    GROUP BY case_id) USING case_id`;

/** unrectified_bad (差评逾期未整改) at the check's time: see predicates.ts unrectifiedBadAt. */
export async function insertUnrectifiedBad(c: SetRuleContext): Promise<void> {
  const asOf = instant(c.now);
  const where = unrectifiedBadAt(asOf);
  const evidence = jsonObject([
    ['rating_id', jsonString(raw('rating_id'))],
    ['level', raw('toString(level)')],
    ['rated_at', jsonTime(raw('rated_at'))],
    ['rectify_limit_at', jsonTime(raw('rectify_limit_at'))],
    ['as_of', jsonTime(sql`toDateTime(${asOf}, 'Asia/Shanghai')`)],
    ['rectify_result', jsonStringOrNull(raw('rectify_result_name'))],
    ['rectified_at', jsonTime(raw('rectified_at'))],
    ...actorEvidence(),
    ['thresholds', jsonConst(thresholdsOf(c.config).unrectified_bad)],
  ]);
  await c.db.command(sql`${INSERT}
SELECT ${int(c.generation)}, 'unrectified_bad', case_id, rating_id, actor_id, if(dept_code != '', dept_code, c_dept),
  if(region_code != '', region_code, c_region), if(item_code != '', item_code, c_item), rated_at, ${evidence}, ${asOf}
FROM (
  SELECT rating_id, case_id, dept_code, region_code, item_code, level, rated_at, rectify_limit_at, rectified_at,
    rectify_result_name, c_dept, c_region, c_item
  FROM (
    SELECT rating_id, case_id, dept_code, region_code, item_code, level, rated_at, rectify_limit_at, rectified_at,
      toString(rectify_result) AS rectify_result_name
    FROM ratings WHERE ${where}
  ) ${caseAttrsJoin(where)}
) ${actorJoin(sql`case_id IN (SELECT case_id FROM ratings WHERE ${where} AND case_id != '')`)}`);
}

/** The set-based case rules, in the order they run. */
export const CASE_SET_RULES: ReadonlyArray<readonly [AnomalyType, (c: SetRuleContext, bucket: Sql) => Promise<void>]> = [
  ['time_inversion', insertTimeInversion],
  ['no_process', insertNoProcess],
  ['instant_finish', insertInstantFinish],
];
