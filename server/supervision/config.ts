// Configurable defaults of supervision (the issue gives each default; a
// deployment that changes a rule changes it here).
export interface SupervisionConfig {
  /** A 督办 notice past its due date by this many working days without an accepted response is red. */
  redAfterWorkdays: number;
  /** Export cap: a larger result is refused with a message asking for narrower filters. */
  exportMaxRows: number;
  /** Characters of applicant_id_hash shown to inspector/admin (a prefix identifies repeat applicants, never the person). */
  hashPrefixLength: number;
}

export const SUPERVISION_CONFIG: Readonly<SupervisionConfig> = Object.freeze({
  redAfterWorkdays: 5,
  exportMaxRows: 100_000,
  hashPrefixLength: 8,
});

/** The export cap; TIANPING_EXPORT_MAX_ROWS overrides it (operations, tests). */
export function exportMaxRows(): number {
  const env = Number(process.env.TIANPING_EXPORT_MAX_ROWS);
  return Number.isSafeInteger(env) && env > 0 ? env : SUPERVISION_CONFIG.exportMaxRows;
}
