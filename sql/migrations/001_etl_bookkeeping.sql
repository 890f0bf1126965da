-- ETL bookkeeping: runs, watermarks, quarantine, pending deduplication work.
-- App state is append-only: every change is a new row (product.md).

CREATE TABLE IF NOT EXISTS etl_runs (
  run_id String,
  job String,
  source String,
  started_at DateTime('Asia/Shanghai'),
  ended_at Nullable(DateTime('Asia/Shanghai')),
  status Enum8('running' = 1, 'ok' = 2, 'failed' = 3),
  stats String,            -- JSON: per-kind read/written/duplicates/stale/quarantined
  error String,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY run_id;

CREATE TABLE IF NOT EXISTS etl_watermarks (
  source String,
  kind String,
  watermark_ms UInt64,      -- max updated_at (ms) of rows safely loaded
  run_id String,
  committed_at DateTime('Asia/Shanghai'),
  version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (source, kind);

-- One row per (source, file content hash, line): importing the same file
-- twice does not grow it (data-contract.md, General rules).
CREATE TABLE IF NOT EXISTS quarantine (
  source String,
  file_hash String,
  line UInt32,
  kind String,
  file String,
  field String,
  reason String,
  detail String,
  raw String,
  run_id String,
  quarantined_at DateTime('Asia/Shanghai')
) ENGINE = ReplacingMergeTree(quarantined_at)
ORDER BY (source, file_hash, line);

-- Partitions that received a new version of an existing row and must be
-- merged (OPTIMIZE … FINAL) before the run commits; a crashed run leaves its
-- markers behind and the next run finishes the job.
CREATE TABLE IF NOT EXISTS etl_pending_optimize (
  table_name String,
  partition_id UInt32,
  pending UInt8,
  run_id String,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (table_name, partition_id);
