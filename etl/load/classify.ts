// Classifies a batch of validated records against the current versions
// (data-contract.md, General rules): newer updated_at wins; on equal
// updated_at the later record in import order wins; a record identical to the
// current one is a duplicate; an older one is stale.
//
// TRICKY: a batch is first reduced to its final winner per id. Versions that
// the same batch supersedes count as stale (or duplicate when identical to
// the winner), never as written. So importing the same file again gives the
// same counts of stale rows and writes nothing, instead of replaying the
// file's history (A1 → A2) as two fresh updates.

export interface CurrentState {
  updatedMs: number;
  hash: string;
  partitionMonth: number;
}

export interface Candidate<T> {
  id: string;
  record: T;
  updatedMs: number; // kinds that follow import order only use a constant here
  hash: string;
}

export interface Classified<T> {
  /** The version of each id this batch writes, with the stored one it replaces (null = new id). */
  winners: Array<{ candidate: Candidate<T>; previous: CurrentState | null }>;
  written: number;
  duplicates: number;
  stale: number;
}

export function classify<T>(candidates: readonly Candidate<T>[], current: ReadonlyMap<string, CurrentState>): Classified<T> {
  // The batch's own winner per id: highest updatedMs, later position on ties.
  const last = new Map<string, number>();
  candidates.forEach((c, i) => {
    const best = last.get(c.id);
    if (best === undefined || c.updatedMs >= candidates[best]!.updatedMs) last.set(c.id, i);
  });

  const winners: Classified<T>['winners'] = [];
  let written = 0;
  let duplicates = 0;
  let stale = 0;
  candidates.forEach((c, i) => {
    const stored = current.get(c.id) ?? null;
    const winner = candidates[last.get(c.id)!]!;
    if (i !== last.get(c.id)) {
      if (c.hash === winner.hash || c.hash === stored?.hash) duplicates++;
      else stale++;
      return;
    }
    if (stored !== null && c.hash === stored.hash) duplicates++;
    else if (stored !== null && c.updatedMs < stored.updatedMs) stale++;
    else {
      written++;
      winners.push({ candidate: c, previous: stored });
    }
  });
  return { winners, written, duplicates, stale };
}
