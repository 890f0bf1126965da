// depts — 部门, data-contract.md § depts.

import type { DeptRecord } from '../../contract/records.ts';
import { optInstant, reqRegion, reqText, validator, type ValidateContext } from './fields.ts';

export const validateDept = validator<DeptRecord, ValidateContext>((raw, ctx) => ({
  dept_code: reqText(raw, 'dept_code'),
  dept_name: reqText(raw, 'dept_name'),
  region_code: reqRegion(raw, 'region_code'),
  updated_at: optInstant(raw, 'updated_at', ctx.now),
}));
