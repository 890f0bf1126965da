// calendar — 工作日历 overrides, data-contract.md § calendar.

import type { CalendarRecord } from '../../contract/records.ts';
import { parseDate } from '../timestamp.ts';
import { optText, reject, reqBool, show, text, validator, type ValidateContext } from './fields.ts';

export const validateCalendar = validator<CalendarRecord, ValidateContext>((raw) => {
  const d = text(raw, 'date');
  if (d === null) reject('date', 'required_missing', 'date is required');
  const date = parseDate(d);
  if (date === null) reject('date', 'bad_date', `date: ${show(d)} is not a valid YYYY-MM-DD date`);
  return { date, is_workday: reqBool(raw, 'is_workday'), note: optText(raw, 'note') };
});
