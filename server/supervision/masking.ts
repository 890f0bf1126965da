// Personal data by role (api.md: Roles and scope; data-contract.md: applicant
// data is stored only hashed/masked).
//
// Decisions:
// - applicant_id_hash: inspector and admin see a short prefix (8 hex chars +
//   '…'), enough to notice the same applicant across cases, never the whole
//   keyed hash; leader and dept see none; evaluators get no applicant data at all.
// - contact phone: always masked (re-masked here even though the ETL stores it
//   masked, so a source that slipped a clear number through is still masked).
// - rating comments (free text, may hold personal data): hidden from evaluators;
//   for everyone but admin, mobile numbers and 身份证 numbers inside them are masked.
import type { Role } from '../auth/types.ts';
import { SUPERVISION_CONFIG } from './config.ts';

export interface ApplicantView {
  type: 'person' | 'org';
  idHashPrefix: string | null;
  phone: string | null;
}

/** 13812345678 → 138****5678; anything shorter keeps at most its last 4 characters visible. */
export function maskPhone(value: string): string | null {
  const v = value.trim();
  if (v === '') return null;
  if (v.length >= 11) return `${v.slice(0, 3)}****${v.slice(-4)}`;
  if (v.length > 4) return `${'*'.repeat(v.length - 4)}${v.slice(-4)}`;
  return '****';
}

export const seesHashPrefix = (role: Role): boolean => role === 'inspector' || role === 'admin';
export const seesApplicant = (role: Role): boolean => role !== 'evaluator';
export const seesComments = (role: Role): boolean => role !== 'evaluator';

export function applicantView(role: Role, c: { applicant_type: string; applicant_id_hash: string; contact_phone_masked: string }): ApplicantView | null {
  if (!seesApplicant(role)) return null;
  const hash = c.applicant_id_hash;
  return {
    type: c.applicant_type === 'org' ? 'org' : 'person',
    idHashPrefix: seesHashPrefix(role) && hash ? `${hash.slice(0, SUPERVISION_CONFIG.hashPrefixLength)}…` : null,
    phone: maskPhone(c.contact_phone_masked),
  };
}

// Mainland mobile numbers (1[3-9]x, 11 digits) and 18-character 身份证 numbers inside free text.
const MOBILE_IN_TEXT = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;
const ID_IN_TEXT = /(?<![0-9Xx])(\d{6})\d{8}(\d{3}[0-9Xx])(?![0-9Xx])/g;

/** A rating comment as `role` may see it: null for evaluators, personal numbers masked but for admin. */
export function commentForRole(role: Role, comment: string): string | null {
  if (!seesComments(role)) return null;
  if (role === 'admin') return comment;
  return comment.replace(ID_IN_TEXT, '$1********$2').replace(MOBILE_IN_TEXT, '$1****$2');
}
