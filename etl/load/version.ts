// Row versions for the ReplacingMergeTree tables: microseconds since the
// epoch, strictly increasing within the process, so the row written last is
// the current one. (Jobs of one source never run concurrently: etl/jobs.ts.)
let last = 0;

export function nextVersion(): number {
  const candidate = Date.now() * 1000;
  last = candidate > last ? candidate : last + 1;
  return last;
}
