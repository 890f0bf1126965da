// Data sources as configuration (JSON file named by TIANPING_SOURCES, default
// .data/sources.json): a new source is configuration, not code.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Connector } from './connector.ts';
import { fileDropConnector } from './file-drop.ts';
import { httpPullConfigSchema, httpPullConnector } from './http-pull.ts';

const cron = z.string().min(9);

export const sourceConfigSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('file-drop'), name: z.string().min(1), dir: z.string().min(1), profile: z.string().default('canonical'), cron: cron.optional() }),
  httpPullConfigSchema.extend({ type: z.literal('http-pull'), cron: cron.optional() }),
]);
export type SourceConfig = z.output<typeof sourceConfigSchema>;

export const DEFAULT_SOURCES_FILE = resolve(fileURLToPath(import.meta.url), '../../../.data/sources.json');

export function loadSourceConfigs(path = process.env.TIANPING_SOURCES ?? DEFAULT_SOURCES_FILE): SourceConfig[] {
  if (!existsSync(path)) return [];
  const parsed = z.array(sourceConfigSchema).safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`invalid sources file ${path}: ${parsed.error.message}`);
  return parsed.data;
}

export function connectorFor(source: SourceConfig): Connector {
  if (source.type === 'file-drop') return fileDropConnector({ dir: source.dir, source: source.name, profile: source.profile });
  return httpPullConnector(source);
}
