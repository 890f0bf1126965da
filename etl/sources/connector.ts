// One interface for every source (style.md: connectors behind one interface).
// A connector yields batches of raw rows, kind by kind in IMPORT_ORDER; the
// importer maps, validates and loads each batch, then calls `afterLoad`
// (e.g. to advance an HTTP watermark) once its rows are in ClickHouse.
// Connectors never write to ClickHouse themselves.
import type { Kind, RawRecord } from '../contract/records.ts';

/**
 * The order kinds are loaded in. TRICKY: steps come before cases so that a
 * case's deadline is computed with the suspensions that arrived with it; the
 * summary is still printed in the contract's order (api.md).
 */
export const IMPORT_ORDER: readonly Kind[] = ['regions', 'depts', 'items', 'calendar', 'steps', 'cases', 'ratings'];

export type ParsedRow = { line: number; raw: RawRecord } | { line: number; error: string };

export interface SourceBatch {
  kind: Kind;
  /** File name, or 'page:<n>' for HTTP pulls: shown in the quarantine. */
  file: string;
  /** Content hash of the file/page: the quarantine keeps one row per (source, hash, line). */
  fileHash: string;
  rows: AsyncIterable<ParsedRow> | Iterable<ParsedRow>;
  /** Called once the batch's rows are in ClickHouse; maxUpdatedMs = 0 when no row was valid. */
  afterLoad?: (loaded: { maxUpdatedMs: number }) => Promise<void>;
}

export interface ConnectorContext {
  watermarks: WatermarkStore;
}

/** Where incremental sources keep their watermark (etl/load/watermarks.ts). */
export interface WatermarkStore {
  get(source: string, kind: Kind): Promise<number | null>;
  commit(source: string, kind: Kind, watermarkMs: number): Promise<void>;
}

export interface Connector {
  /** The source system's name (stamped on every row as source_system). */
  readonly source: string;
  /** The mapping profile its rows are written in (etl/pipeline/profiles). */
  readonly profile: string;
  batches(ctx: ConnectorContext): AsyncIterable<SourceBatch>;
}
