// Content hash of a canonical record: "a record identical to the current one
// is a duplicate, a no-op" (data-contract.md). The validators build each
// record as an object literal with a fixed key order, so the JSON text does not
// depend on the field order of the source file and needs no sorting (which
// cost a third of the load step's time).
//
// The hash is stored (row_hash) and compared with later imports' hashes, so
// its definition — the first 20 hex digits of SHA-1 of that JSON text — must
// never change. crypto.hash (Node ≥ 20.12) computes the same digest in one
// call, without the Hash object that createHash builds per record.
import * as crypto from 'node:crypto';

const sha1Hex: (data: string) => string = typeof crypto.hash === 'function'
  ? (data) => crypto.hash('sha1', data, 'hex')
  : (data) => crypto.createHash('sha1').update(data).digest('hex');

export function rowHash(record: object): string {
  return sha1Hex(JSON.stringify(record)).slice(0, 20);
}
