// Content hash of a canonical record: "a record identical to the current one
// is a duplicate, a no-op" (data-contract.md). Keys are sorted so that field
// order in the source never matters.
import { createHash } from 'node:crypto';

export function rowHash(record: object): string {
  const entries = Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha1').update(JSON.stringify(entries)).digest('hex').slice(0, 20);
}
