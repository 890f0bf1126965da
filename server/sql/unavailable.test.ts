import { expect, test } from 'vitest';
import { isClickHouseUnavailable } from './unavailable.ts';

test('an unreachable server or shard is an outage; a query error is not', () => {
  expect(isClickHouseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:18123'), { code: 'ECONNREFUSED' }))).toBe(true);
  // Cluster mode: every replica of a shard is down (ClickHouse 18.16's message).
  expect(isClickHouseUnavailable(new Error('Code: 279, e.displayText() = DB::NetException: All connection tries failed. Log: \n\n'
    + 'Code: 210, e.displayText() = DB::NetException: Connection refused (127.0.0.1:19203)'))).toBe(true);
  expect(isClickHouseUnavailable(new Error('Code: 60, e.displayText() = DB::Exception: Table tp.x doesn\'t exist.'))).toBe(false);
  expect(isClickHouseUnavailable('ECONNREFUSED')).toBe(false);
});
