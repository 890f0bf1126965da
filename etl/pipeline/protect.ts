// Personal data at ingest — data-contract.md § cases (applicant_id,
// applicant_name, contact_phone) and product.md § Non-negotiables ("personal
// data is hashed or masked at ingest"). The clear values never leave this
// step: the id becomes a keyed hash (stable per deployment, so one applicant's
// cases can still be linked), the name is dropped, the phone is masked.

import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import type { RawRecord } from '../contract/records.ts';

let cachedSecret: string | null = null;
let cachedKey: KeyObject | null = null;

function keyFor(secret: string): KeyObject {
  if (secret.length === 0) throw new Error('protect: the applicant-id HMAC secret is empty; configure a deployment secret');
  if (secret !== cachedSecret) {
    cachedKey = createSecretKey(Buffer.from(secret, 'utf8'));
    cachedSecret = secret;
  }
  return cachedKey as KeyObject;
}

/**
 * HMAC-SHA256 (hex) of an applicant id. The id is trimmed and upper-cased
 * first so that '11010519491231002x' and '11010519491231002X' (the ID-card
 * check digit) hash alike.
 */
export function hashApplicantId(id: string, secret: string): string {
  return createHmac('sha256', keyFor(secret)).update(id.trim().toUpperCase(), 'utf8').digest('hex');
}

/**
 * Keep the first 3 and last 4 digits: '13812345678' → '138****5678'. Non-digits
 * (spaces, dashes, '+') are dropped first, and a China country code (86/0086)
 * before an 11-digit number, so '+86 138…' masks like '138…'. A number too
 * short to keep 7 digits and still hide one is masked entirely; no digits → null.
 */
export function maskPhone(phone: string): string | null {
  let digits = phone.replace(/\D/g, '');
  if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  else if (digits.length === 15 && digits.startsWith('0086')) digits = digits.slice(4);
  if (digits.length === 0) return null;
  if (digits.length < 8) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

function clearText(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? null : t;
  }
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  return null; // objects/arrays cannot be an id or a phone; the validator rejects them
}

/**
 * A copy of a canonical-named case row with personal data replaced, for places
 * that must keep the raw row (the quarantine): applicant_id → applicant_id_hash,
 * applicant_name dropped, contact_phone → contact_phone_masked.
 */
export function protectRaw(raw: RawRecord, secret: string): RawRecord {
  const { applicant_id, applicant_name: _name, contact_phone, ...rest } = raw;
  const id = clearText(applicant_id);
  const phone = clearText(contact_phone);
  if (id !== null) rest.applicant_id_hash = hashApplicantId(id, secret);
  if (phone !== null) rest.contact_phone_masked = maskPhone(phone);
  return rest;
}
