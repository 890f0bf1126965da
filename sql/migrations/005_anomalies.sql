-- Anomalies for discipline inspection (异常办件, metrics.md) with their evidence.
-- The whole set is recomputed after every import and by the scheduled
-- supervision check, and written as a new *generation* (etl/anomalies/):
-- one partition per generation, plain MergeTree, rows written once and never
-- updated. A generation becomes visible when its row in anomaly_generations
-- is written, after all its findings are in; readers use the highest
-- generation listed there, so reads are exact without FINAL. Partitions of
-- older generations are dropped once a newer one is complete.

CREATE TABLE IF NOT EXISTS anomalies (
  generation UInt64,
  anomaly_type Enum8('time_inversion' = 1, 'no_process' = 2, 'instant_finish' = 3, 'offhours_bulk' = 4, 'unrectified_bad' = 5, 'repeat_bad' = 6),
  case_id String,           -- rating anomalies: the rating's case, '' for a rating without a case
  rating_id String,         -- '' for case anomalies
  actor_id String,          -- the case's actor (its finish step with the highest seq); '' when unknown
  dept_code String,         -- of the case; for ratings the rating's own, else its case's
  region_code String,
  item_code String,
  event_at DateTime('Asia/Shanghai'),      -- what the finding is about: accepted_at (time_inversion), finished_at (other case types), rated_at (ratings)
  evidence String,          -- JSON: the times compared, step seqs, actor, the other ids in the window, the thresholds used
  detected_at DateTime('Asia/Shanghai')    -- the check's time (as_of of unrectified_bad)
) ENGINE = MergeTree
PARTITION BY generation
ORDER BY (anomaly_type, case_id, rating_id);

-- One row per completed generation, written last: its presence is the commit.
CREATE TABLE IF NOT EXISTS anomaly_generations (
  generation UInt64,
  as_of DateTime('Asia/Shanghai'),
  started_at DateTime('Asia/Shanghai'),
  completed_at DateTime('Asia/Shanghai'),
  trigger String,           -- e.g. import:<source>, supervision:checks
  config String,            -- JSON: the thresholds used
  counts String             -- JSON: findings per anomaly type
) ENGINE = MergeTree
ORDER BY generation;
