// `index:<systemId>` (metrics.md: Composite indices) names an index system of
// the evaluation module, which does not exist yet: a clear 400 until it does.
import { badRequest } from '../../errors.ts';

export function rejectComposite(id: string): void {
  if (id.startsWith('index:')) {
    throw badRequest('综合指数将随评估模块提供', 'Composite indices arrive with the evaluation module', 'index_unavailable');
  }
}
