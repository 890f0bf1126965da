// argon2id password hashes. Passwords never leave this module except as a hash,
// and are never logged (server/log.ts also redacts `password`).
import argon2 from 'argon2';
import { randomBytes } from 'node:crypto';

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

/** False for a wrong password and for a malformed hash (never throws on bad input). */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  if (!hash) return false;
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/**
 * Spends the time of a real verification for a username that does not exist,
 * so response times do not tell known names from unknown ones. The dummy hash
 * is made once per process; call `warmDummyHash` at start-up so that even the
 * first unknown name costs one verification, not a hash plus a verification.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  await verifyPassword(await warmDummyHash(), password);
  return false;
}

export function warmDummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(32).toString('base64url'));
  return dummy;
}
