// Global setup of the integration project: builds dashboard/dist when it is
// missing or older than its sources, so the browser tests run the current UI.
import { buildDashboardIfStale } from '../dashboard/scripts/build-if-stale.ts';

export default function setup(): void {
  buildDashboardIfStale((line) => console.log(`[build-dashboard-setup] ${line}`));
}
