// TIANPING_SECRET keys the PII hashes (and, on the server, session signing).
// Without it a random one is generated once and kept in the git-ignored data
// dir, so that hashes stay stable across runs of the demo.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SECRET_FILE = resolve(fileURLToPath(import.meta.url), '../../.data/secret');

export function deploymentSecret(): string {
  const fromEnv = process.env.TIANPING_SECRET;
  if (fromEnv) return fromEnv;
  if (existsSync(SECRET_FILE)) return readFileSync(SECRET_FILE, 'utf8').trim();
  mkdirSync(dirname(SECRET_FILE), { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(SECRET_FILE, secret, { mode: 0o600 });
  return secret;
}
