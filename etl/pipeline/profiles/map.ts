// Mapping one source row onto the contract's field names and codes
// (data-contract.md § Mapping profiles). Steps, in order:
//   1. rename: source field → canonical field(s); with several source fields
//      for one canonical field, the first non-empty one wins; unnamed fields
//      are dropped, or kept as they are when the kind is `passthrough`;
//   2. values: code tables (办理形式 1 → window; 满意度代码 1 → level 5);
//   3. prefix: e.g. case_id → '{source}:' + case_id where ids are not unique;
//   4. derive: rules that always set (办件类型 1 即办件 → promised_limit 0);
//   5. defaults: rules that fill absent fields (window → window_type unknown);
//   6. auxiliary '_fields' are cleared (set undefined rather than deleted,
//      which keeps the object's shape fast; JSON drops them).
// The result is still raw (strings as read): the validator types it.

import type { Kind, RawRecord } from '../../contract/records.ts';
import { isAbsent, type CompiledRule, type Profile } from './compile.ts';

/** First non-empty value wins: an empty column must not erase what another column gave. */
function put(out: RawRecord, field: string, v: unknown): void {
  const cur = out[field];
  if (cur === undefined || (isAbsent(cur) && !isAbsent(v))) out[field] = v;
}

function holds(rule: CompiledRule, row: RawRecord): boolean {
  for (const test of rule.when) if (!test(row)) return false;
  return true;
}

/**
 * Map a source row of `kind` through `profile`. `source` (the source system)
 * fills `{source}` in prefixes; the input row is not modified.
 */
export function mapRecord(profile: Profile, kind: Kind, raw: RawRecord, source?: string): RawRecord {
  const m = profile.kinds[kind];
  if (m.identity) return raw;
  const out: RawRecord = {};
  for (const key in raw) {
    const v = raw[key];
    const targets = m.fields.get(key);
    if (targets !== undefined) {
      for (const t of targets) put(out, t, v);
    } else if (m.passthrough) {
      put(out, key, v);
    }
  }
  for (const [field, table] of m.values) {
    const v = out[field];
    if (isAbsent(v) || typeof v === 'object') continue;
    const mapped = table.get(typeof v === 'string' ? v.trim() : String(v));
    if (mapped !== undefined) out[field] = mapped; // unlisted codes pass unchanged: the validator names them
  }
  for (const [field, template] of m.prefix) {
    const v = out[field];
    if (isAbsent(v) || typeof v === 'object') continue;
    if (template.includes('{source}') && source === undefined) {
      throw new Error(`profile ${profile.origin}: prefix of ${kind}.${field} needs the source name`);
    }
    out[field] = `${template.replaceAll('{source}', source ?? '')}${String(v).trim()}`;
  }
  for (const rule of m.derive) {
    if (holds(rule, out)) for (const [f, v] of rule.set) out[f] = v;
  }
  for (const rule of m.defaults) {
    if (holds(rule, out)) for (const [f, v] of rule.set) if (isAbsent(out[f])) out[f] = v;
  }
  for (const f of m.aux) out[f] = undefined;
  return out;
}
