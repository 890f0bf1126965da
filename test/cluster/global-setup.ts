// The `cluster` stage: the local test cluster (sql/local/cluster.ts: ZooKeeper
// and 2 shards × 2 replicas of clickhouse-server) for test/cluster/*.test.ts,
// plus the project's single local server the results are compared with.
// A cluster that already runs (`npm run cluster:start`) is used and left
// running; one started here is stopped after the stage.
import { ensureClickHouse } from '../../sql/local/ensure.ts';
import { localCluster, localClusterRunning, startLocalCluster, stopLocalCluster } from '../../sql/local/cluster.ts';

export default async function setup(): Promise<() => Promise<void>> {
  process.env.CLICKHOUSE_URL = await ensureClickHouse();
  const cluster = localCluster();
  const wasRunning = await localClusterRunning(cluster);
  if (!wasRunning) await startLocalCluster(cluster);
  return async () => {
    if (!wasRunning) await stopLocalCluster(cluster);
  };
}
