// The validators by kind (data-contract.md): raw canonical-named row → typed
// record of records.ts, or the first rule it breaks.

import type { Kind, RawRecord, RecordOfKind, Validated } from '../../contract/records.ts';
import { validateCalendar } from './calendar.ts';
import { validateCase, type CaseValidateContext } from './cases.ts';
import { validateDept } from './depts.ts';
import { validateItem } from './items.ts';
import { validateRating } from './ratings.ts';
import { validateRegion } from './regions.ts';
import { validateStep } from './steps.ts';

export type { ValidateContext } from './fields.ts';
export type { CaseValidateContext } from './cases.ts';
export { validateCalendar, validateCase, validateDept, validateItem, validateRating, validateRegion, validateStep };

/** One context fits every kind; only cases read `secret`. */
export type Validators = { [K in Kind]: (raw: RawRecord, ctx: CaseValidateContext) => Validated<RecordOfKind[K]> };

export const validators: Validators = {
  regions: validateRegion,
  depts: validateDept,
  items: validateItem,
  calendar: validateCalendar,
  cases: validateCase,
  steps: validateStep,
  ratings: validateRating,
};

export function validateRecord<K extends Kind>(kind: K, raw: RawRecord, ctx: CaseValidateContext): Validated<RecordOfKind[K]> {
  return validators[kind](raw, ctx);
}
