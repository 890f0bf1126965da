// steps — 办理环节, data-contract.md § steps.

import { STEP_TYPES, type StepRecord } from '../../contract/records.ts';
import { CASE_ID_MAX } from './cases.ts';
import { optInstant, optText, reject, reqEnum, reqInstant, reqText, reqWhole, validator, type ValidateContext } from './fields.ts';

export const validateStep = validator<StepRecord, ValidateContext>((raw, ctx) => {
  // A step's case_id longer than a case's can never match a case: same limit.
  const case_id = reqText(raw, 'case_id', CASE_ID_MAX);
  const seq = reqWhole(raw, 'seq', 1); // integer ≥ 1; (case_id, seq) is the id
  const step_type = reqEnum(raw, 'step_type', STEP_TYPES);
  const step_name = optText(raw, 'step_name');
  const actor_id = optText(raw, 'actor_id'); // staff id, not applicant data: kept as is
  const started_at = reqInstant(raw, 'started_at', ctx.now);
  const ended_at = optInstant(raw, 'ended_at', ctx.now);
  if (ended_at !== null && ended_at < started_at) {
    reject('ended_at', 'ended_before_started', 'ended_at is before started_at');
  }
  const updated_at = reqInstant(raw, 'updated_at', ctx.now);
  return { case_id, seq, step_type, step_name, actor_id, started_at, ended_at, source_system: ctx.sourceSystem, updated_at };
});
