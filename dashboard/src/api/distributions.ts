// GET /api/distributions/ratings (server/routes/distributions.ts): valid
// ratings per level for the filters, inside the caller's scope.
import type { RatingLevels } from '../../../server/routes/distributions.ts';
import { getJson } from './http.ts';
import type { DataFilters } from './metrics.ts';

export const fetchRatingLevels = (f: DataFilters) =>
  // The case channel does not apply to ratings (metrics.md); leave it out.
  getJson<RatingLevels>('/api/distributions/ratings', { ...f, channel: undefined }).then((r) => r.levels);
