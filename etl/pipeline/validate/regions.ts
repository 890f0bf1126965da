// regions — 行政区划, data-contract.md § regions.

import type { RegionRecord } from '../../contract/records.ts';
import { deriveParentCode } from '../region-parent.ts';
import { optInstant, optRegion, reject, reqRegion, reqText, validator, type ValidateContext } from './fields.ts';

export const validateRegion = validator<RegionRecord, ValidateContext>((raw, ctx) => {
  const region_code = reqRegion(raw, 'region_code');
  const region_name = reqText(raw, 'region_name');
  const given = optRegion(raw, 'parent_code');
  // A region that is its own parent would make every "region and everything
  // below it" walk loop; the contract is silent, so refuse it.
  if (given === region_code) reject('parent_code', 'bad_region_code', `parent_code equals region_code ${region_code}`);
  return {
    region_code,
    region_name,
    // "when absent it follows from the code"
    parent_code: given ?? deriveParentCode(region_code),
    updated_at: optInstant(raw, 'updated_at', ctx.now),
  };
});
