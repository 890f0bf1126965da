// ratings — 好差评, data-contract.md § ratings.

import { RATING_CHANNELS, RECTIFY_RESULTS, type RatingRecord, type RawRecord } from '../../contract/records.ts';
import { CASE_ID_MAX } from './cases.ts';
import {
  optBool, optEnum, optInstant, optRegion, optText, reject, reqEnum, reqInstant, reqText, show, tagList, text,
  validator, type ValidateContext,
} from './fields.ts';

export const COMMENT_MAX = 2000;

/** 1..5, 5 = 非常满意 (this contract's direction; gbt39046's reversed code is mapped by its profile). */
function level(raw: RawRecord): 1 | 2 | 3 | 4 | 5 {
  const v = raw.level;
  let n: number;
  if (typeof v === 'number') {
    n = v;
  } else {
    const s = text(raw, 'level');
    if (s === null) return reject('level', 'required_missing', 'level is required');
    n = /^\d+(?:\.0+)?$/.test(s) ? Number(s) : Number.NaN;
  }
  if (n !== 1 && n !== 2 && n !== 3 && n !== 4 && n !== 5) {
    return reject('level', 'bad_level', `level: ${show(v)} is not an integer 1..5`);
  }
  return n;
}

export const validateRating = validator<RatingRecord, ValidateContext>((raw, ctx) => {
  const rating_id = reqText(raw, 'rating_id');
  const case_id = optText(raw, 'case_id', CASE_ID_MAX);
  const item_code = optText(raw, 'item_code');
  const dept_code = optText(raw, 'dept_code');
  const region_code = optRegion(raw, 'region_code');
  // "required when case_id is absent; otherwise taken from the case if missing"
  // (the latter at query time, metrics.md § Periods and as_of).
  if (case_id === null) {
    if (item_code === null) reject('item_code', 'required_missing', 'item_code is required when case_id is absent');
    if (dept_code === null) reject('dept_code', 'required_missing', 'dept_code is required when case_id is absent');
    if (region_code === null) reject('region_code', 'required_missing', 'region_code is required when case_id is absent');
  }
  const channel = reqEnum(raw, 'channel', RATING_CHANNELS);
  const lvl = level(raw);
  const rated_at = reqInstant(raw, 'rated_at', ctx.now);
  const tags = tagList(raw, 'tags');
  // May hold personal data: stored, masked for evaluators at read time (contract).
  const comment = optText(raw, 'comment', COMMENT_MAX);
  const is_active = optBool(raw, 'is_active') ?? true;
  const invalidated = optBool(raw, 'invalidated') ?? false;
  const verified_at = optInstant(raw, 'verified_at', ctx.now);
  const rectified_at = optInstant(raw, 'rectified_at', ctx.now);
  const rectify_result = optEnum(raw, 'rectify_result', RECTIFY_RESULTS);
  const updated_at = reqInstant(raw, 'updated_at', ctx.now);
  return {
    rating_id, case_id, item_code, dept_code, region_code, channel, level: lvl, rated_at, tags, comment,
    is_active, invalidated, verified_at, rectified_at, rectify_result, source_system: ctx.sourceSystem, updated_at,
  };
});
