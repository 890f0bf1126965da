// Serializes state transitions of one 督办 notice / appeal within this
// process, so two inspectors acting at once cannot both move it from the same
// state. (Across processes, the event log's replay ignores an event that was
// not a valid transition when it was written: actions.ts foldEvents.)
const tails = new Map<string, Promise<unknown>>();

export async function withKeyLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(fn);
  const tail = run.catch(() => undefined);
  tails.set(key, tail);
  try {
    return await run;
  } finally {
    if (tails.get(key) === tail) tails.delete(key);
  }
}
