// Classifies a batch of validated records against the current versions
// (data-contract.md, General rules): newer updated_at wins; on equal
// updated_at the later record in import order wins; a record identical to the
// current one is a duplicate; an older one is stale. Records are walked in
// import order, so several versions of one id inside a batch behave exactly
// as if they had arrived one by one.

export interface CurrentState {
  updatedMs: number;
  hash: string;
  partitionMonth: number;
}

export interface Candidate<T> {
  id: string;
  record: T;
  updatedMs: number; // records without updated_at use 0: import order decides
  hash: string;
}

export interface Classified<T> {
  /** The last written version of each id in this batch, with its predecessor (null = new id). */
  winners: Array<{ candidate: Candidate<T>; previous: CurrentState | null }>;
  written: number;
  duplicates: number;
  stale: number;
}

export function classify<T>(candidates: readonly Candidate<T>[], current: ReadonlyMap<string, CurrentState>): Classified<T> {
  const state = new Map<string, CurrentState | null>();
  const winners = new Map<string, { candidate: Candidate<T>; previous: CurrentState | null }>();
  let written = 0;
  let duplicates = 0;
  let stale = 0;
  for (const c of candidates) {
    const now = state.has(c.id) ? state.get(c.id)! : (current.get(c.id) ?? null);
    if (now !== null && c.hash === now.hash) {
      duplicates++;
      continue;
    }
    if (now !== null && c.updatedMs < now.updatedMs) {
      stale++;
      continue;
    }
    written++;
    const before = winners.get(c.id);
    // `previous` is always the version stored in ClickHouse before this batch.
    const previous = before ? before.previous : (current.get(c.id) ?? null);
    winners.set(c.id, { candidate: c, previous });
    state.set(c.id, { updatedMs: c.updatedMs, hash: c.hash, partitionMonth: now?.partitionMonth ?? 0 });
  }
  return { winners: [...winners.values()], written, duplicates, stale };
}
