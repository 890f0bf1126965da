// Identifier formats with their real check characters, so ids look and
// validate like the real thing (and applicant ids are obviously fake: they
// carry the unused province prefix 39).

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 32100 统一社会信用代码: 17 characters + check character. */
export function creditCode(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CHARS.indexOf(first17[i] as string) * (CREDIT_WEIGHTS[i] as number);
  const check = (31 - (sum % 31)) % 31;
  return first17 + CREDIT_CHARS[check];
}

/** GB 11714 组织机构代码 (8 digits + check), as embedded in a credit code. */
export function orgCode(eightDigits: string): string {
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(eightDigits[i]) * (w[i] as number);
  const c = 11 - (sum % 11);
  return eightDigits + (c === 10 ? 'X' : c === 11 ? '0' : String(c));
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643 公民身份号码: 6-digit region + YYYYMMDD + 3-digit sequence + check (ISO 7064 MOD 11-2). */
export function personId(region6: string, birth: string, seq: number): string {
  const body = `${region6}${birth}${String(seq % 1000).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * (ID_WEIGHTS[i] as number);
  return body + ID_CHECK[sum % 11];
}

/** True when an 18-character id has a valid GB 11643 check character. */
export function isValidPersonId(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  return personId(id.slice(0, 6), id.slice(6, 14), Number(id.slice(14, 17))) === id;
}

export const pad = (n: number, width: number): string => String(n).padStart(width, '0');
