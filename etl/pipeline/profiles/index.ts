// Mapping profiles: vendor field names and codes → the canonical contract.
export { compileProfile, type KindMapping, type Profile } from './compile.ts';
export { CANONICAL_FIELDS } from './fields.ts';
export { BUILT_IN_PROFILES, loadProfile, parseProfile } from './load.ts';
export { mapRecord } from './map.ts';
export { profileSchema, type ProfileSpec } from './schema.ts';
