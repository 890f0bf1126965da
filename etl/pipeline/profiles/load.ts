// Loading profiles: built-in ones by name (the JSON files beside this module),
// any other by path — a new vendor is a new JSON file, no code.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileProfile, type Profile } from './compile.ts';
import { profileSchema } from './schema.ts';

export const BUILT_IN_PROFILES = ['canonical', 'gbt39046'] as const;

const cache = new Map<string, Profile>();

/** Validate a parsed profile document (zod) and compile it; throws with every problem listed. */
export function parseProfile(doc: unknown, origin: string): Profile {
  const parsed = profileSchema.safeParse(doc);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`profile ${origin} is invalid: ${issues}`);
  }
  return compileProfile(parsed.data, origin);
}

function readJson(path: string, origin: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new Error(`profile ${origin} cannot be read: ${(e as Error).message}`);
  }
}

/**
 * A built-in profile by name ('canonical', 'gbt39046') or a profile file by
 * path. Synchronous: it runs once per import, before any row. Cached.
 */
export function loadProfile(nameOrPath: string): Profile {
  const hit = cache.get(nameOrPath);
  if (hit) return hit;
  const builtIn = (BUILT_IN_PROFILES as readonly string[]).includes(nameOrPath);
  const path = builtIn ? fileURLToPath(new URL(`./${nameOrPath}.json`, import.meta.url)) : nameOrPath;
  const origin = builtIn ? `built-in:${nameOrPath}` : nameOrPath;
  const profile = parseProfile(readJson(path, origin), origin);
  cache.set(nameOrPath, profile);
  return profile;
}
