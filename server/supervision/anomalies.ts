// Anomaly findings of the latest complete generation (etl/anomalies), for
// list rows and the case detail. Readers use LATEST_GENERATION, never
// max(generation) of `anomalies` (a generation may still be being written).
import { LATEST_GENERATION } from '../../etl/anomalies/predicates.ts';
import { beijingIsoOf } from '../metrics/engine/periods.ts';
import type { Db } from '../sql/client.ts';
import { list, sql, str } from '../sql/literal.ts';

export interface Finding {
  type: string;
  caseId: string;
  ratingId: string;
  actorId: string;
  eventAt: string;
  detectedAt: string;
  evidence: unknown;
}

const CHUNK = 20_000;

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Every finding on the given cases (case anomalies, and rating anomalies of their ratings). */
export async function findingsOfCases(db: Db, caseIds: readonly string[]): Promise<Map<string, Finding[]>> {
  const out = new Map<string, Finding[]>();
  const ids = [...new Set(caseIds.filter((c) => c !== ''))];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db.query<{
      case_id: string; t: string; rating_id: string; actor_id: string; event_at: number; detected_at: number; evidence: string;
    }>(sql`SELECT case_id, toString(anomaly_type) AS t, rating_id, actor_id, toUnixTimestamp(event_at) AS event_at,
        toUnixTimestamp(detected_at) AS detected_at, evidence
      FROM anomalies WHERE generation = ${LATEST_GENERATION} AND case_id IN ${list(ids.slice(i, i + CHUNK), str)}
      ORDER BY case_id, anomaly_type, rating_id`);
    for (const r of rows) {
      const f: Finding = {
        type: r.t, caseId: r.case_id, ratingId: r.rating_id, actorId: r.actor_id,
        eventAt: beijingIsoOf(Number(r.event_at) * 1000), detectedAt: beijingIsoOf(Number(r.detected_at) * 1000),
        evidence: parse(r.evidence),
      };
      out.set(r.case_id, [...(out.get(r.case_id) ?? []), f]);
    }
  }
  return out;
}
