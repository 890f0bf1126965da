// The demo province simulator: a deterministic 江南省 that emits raw contract
// rows (data-contract.md) as files, as a stream, or over an HTTP pull API.
export { createProvince, resolveOptions, DEFAULTS, type Province } from './province.ts';
export { generateProvince, generateCases, emptyManifest } from './generate.ts';
export { writeContractFiles, MANIFEST_FILE, type FileFormat, type WriteOptions, type WriteResult, type WrittenFile } from './writer.ts';
export { serveSimulator, currentRows, type ServeOptions, type SimulatorServer, type FaultInjection, type FaultMode } from './server.ts';
export { CONTRACT_FIELDS, rowId } from './fields.ts';
export type { CaseBundle, Manifest, RawRow, RawValue, SimulatedData, SimulatorOptions } from './types.ts';
