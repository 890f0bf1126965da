// Parent of a region code when the source gives none — data-contract.md § regions:
// "12-digit → its first 6 digits; county xxxxyy → city xxxx00; city xxyy00 →
// province xx0000", and a province has no parent.

const REGION_CODE = /^(?:\d{6}|\d{12})$/;

/** GB/T 2260 (6 digits) or its township/village extension (12 digits). */
export function isRegionCode(s: string): boolean {
  return REGION_CODE.test(s);
}

/** The derived parent of a valid 6- or 12-digit code; null for a province. */
export function deriveParentCode(code: string): string | null {
  if (code.length === 12) {
    // TRICKY: a county written with 12 digits (xxxxxx000000) is the county
    // itself, not its own child: climb from its 6-digit form instead.
    const county = code.slice(0, 6);
    return code.endsWith('000000') ? deriveParentCode(county) : county;
  }
  if (code.endsWith('0000')) return null; // province xx0000
  if (code.endsWith('00')) return `${code.slice(0, 2)}0000`; // city xxyy00
  return `${code.slice(0, 4)}00`; // county xxxxyy
}
