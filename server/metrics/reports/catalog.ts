// GET /api/metrics/catalog: every registered definition (api.md).
import type { CatalogResponse } from '../../api/schemas.ts';
import { METRICS } from '../index.ts';

export function catalog(): CatalogResponse {
  return {
    metrics: METRICS.map((m) => ({
      id: m.id, name: m.name, unit: m.unit, direction: m.direction, description: m.description,
      kind: m.kind, base: m.base, period: m.period,
    })),
  };
}
