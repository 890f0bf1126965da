// items — 事项目录/实施清单, data-contract.md § items.

import { ITEM_TYPES, LIMIT_UNITS, type ItemRecord } from '../../contract/records.ts';
import {
  optBool, optEnum, optWhole, reject, reqEnum, reqInstant, reqRegion, reqText, reqWhole, validator,
  type ValidateContext,
} from './fields.ts';

export const validateItem = validator<ItemRecord, ValidateContext>((raw, ctx) => {
  const item_code = reqText(raw, 'item_code');
  const item_name = reqText(raw, 'item_name');
  const item_type = reqEnum(raw, 'item_type', ITEM_TYPES);
  const dept_code = reqText(raw, 'dept_code');
  const region_code = reqRegion(raw, 'region_code');
  const legal_limit = reqWhole(raw, 'legal_limit');
  const promised_limit = reqWhole(raw, 'promised_limit');
  // "promised_limit must not exceed legal_limit (quarantine otherwise)"
  if (legal_limit < promised_limit) {
    reject('legal_limit', 'legal_below_promised', `legal_limit ${legal_limit} is below promised_limit ${promised_limit}`);
  }
  const limit_unit = optEnum(raw, 'limit_unit', LIMIT_UNITS) ?? 'workday';
  // "promised_limit = 0 implies true": 即办件 is defined by N = 0 (metrics.md),
  // so a stray `false` on a 0-day item is overridden rather than quarantined.
  const is_immediate = promised_limit === 0 || (optBool(raw, 'is_immediate') ?? false);
  const max_trips = optWhole(raw, 'max_trips');
  const online_depth = optWhole(raw, 'online_depth', 1, 4); // 一级 信息发布 … 四级 全程网办
  const updated_at = reqInstant(raw, 'updated_at', ctx.now);
  return {
    item_code, item_name, item_type, dept_code, region_code, legal_limit, promised_limit, limit_unit,
    is_immediate, max_trips, online_depth, updated_at,
  };
});
