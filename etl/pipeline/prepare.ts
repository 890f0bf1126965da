// map → validate (→ protect, inside the case validator) for one raw row: the
// pure part of the import between parsing and loading.

import type { Kind, RawRecord, RecordOfKind, Validated } from '../contract/records.ts';
import { loadProfile, mapRecord, type Profile } from './profiles/index.ts';
import { hashApplicantId, maskPhone } from './protect.ts';
import { validators, type CaseValidateContext } from './validate/index.ts';

export interface PrepareOptions {
  /** A profile name/path (loadProfile) or a loaded profile. */
  profile: string | Profile;
  /** The source system: stamped on records, fills `{source}` in profile prefixes. */
  source: string;
  /** The deployment's HMAC secret for applicant ids (protect.ts). */
  secret: string;
  now?: () => number;
}

export interface RecordPreparer {
  <K extends Kind>(kind: K, raw: RawRecord): Validated<RecordOfKind[K]>;
  /**
   * The source row with its personal data replaced, for anything that keeps raw
   * rows (the quarantine): the applicant id becomes its hash, the name is
   * dropped, the phone is masked — under the row's own (vendor) field names.
   */
  redact(kind: Kind, raw: RawRecord): RawRecord;
}

const PII_FIELDS = ['applicant_id', 'applicant_name', 'contact_phone'] as const;
type PiiField = (typeof PII_FIELDS)[number];

/** Source field name → the personal-data field it feeds, for a profile's cases. */
function piiSourceFields(profile: Profile): Map<string, PiiField> {
  const m = profile.kinds.cases;
  const out = new Map<string, PiiField>();
  if (m.passthrough) for (const f of PII_FIELDS) if (!m.fields.has(f)) out.set(f, f);
  for (const [src, targets] of m.fields) {
    const hit = PII_FIELDS.find((f) => targets.includes(f));
    if (hit !== undefined) out.set(src, hit);
  }
  return out;
}

export function prepareRecord(opts: PrepareOptions): RecordPreparer {
  const profile = typeof opts.profile === 'string' ? loadProfile(opts.profile) : opts.profile;
  if (opts.secret.length === 0) throw new Error('prepareRecord: the HMAC secret is empty');
  const now = opts.now ?? Date.now;
  const ctx: CaseValidateContext = { now: 0, sourceSystem: opts.source, secret: opts.secret };
  const pii = piiSourceFields(profile);

  const prepare = (<K extends Kind>(kind: K, raw: RawRecord): Validated<RecordOfKind[K]> => {
    ctx.now = now();
    const mapped = mapRecord(profile, kind, raw, opts.source);
    return validators[kind](mapped, ctx) as Validated<RecordOfKind[K]>;
  }) as RecordPreparer;

  prepare.redact = (kind, raw) => {
    if (kind !== 'cases') return raw;
    const out: RawRecord = {};
    for (const key in raw) {
      const v = raw[key];
      const field = pii.get(key);
      if (field === undefined) {
        out[key] = v;
        continue;
      }
      if (field === 'applicant_name' || (typeof v !== 'string' && typeof v !== 'number') || String(v).trim() === '') continue;
      out[key] = field === 'applicant_id' ? `hmac:${hashApplicantId(String(v), opts.secret)}` : maskPhone(String(v));
    }
    return out;
  };
  return prepare;
}
