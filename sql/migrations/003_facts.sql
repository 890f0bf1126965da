-- Fact tables: versioned, append-only. Deduplication design (sql/README.md):
-- the ETL inserts only rows that change something (it classifies each record
-- against the current version), and merges the partitions that received a new
-- version of an existing row with OPTIMIZE … PARTITION … FINAL before the run
-- commits. Hot reads therefore need neither FINAL nor argMax.
-- partition_month is fixed at the first version of a row (toYYYYMM of its
-- first submitted_at / started_at / rated_at) and carried forward, so a row
-- never moves partition and OPTIMIZE of one partition always sees every version.

CREATE TABLE IF NOT EXISTS cases (
  case_id String,
  item_code String,
  item_name String,
  dept_code String,
  dept_name String,
  region_code String,
  channel Enum8('window' = 1, 'online' = 2, 'mobile' = 3, 'self_service' = 4, 'mail' = 5, 'other' = 6),
  window_type Enum8('comprehensive' = 1, 'department' = 2, 'unknown' = 3, 'none' = 4),
  applicant_type Enum8('person' = 1, 'org' = 2),
  applicant_id_hash String,           -- HMAC-SHA256 (hex); '' when absent
  contact_phone_masked String,        -- '138****5678'; '' when absent
  submitted_at DateTime('Asia/Shanghai'),
  accepted_at Nullable(DateTime('Asia/Shanghai')),
  finished_at Nullable(DateTime('Asia/Shanghai')),
  withdrawn_at Nullable(DateTime('Asia/Shanghai')),   -- for withdrawn cases: given, else updated_at
  status Enum8('submitted' = 1, 'not_accepted' = 2, 'accepted' = 3, 'in_progress' = 4, 'suspended' = 5, 'finished' = 6, 'denied' = 7, 'withdrawn' = 8),
  src_promised_limit Nullable(UInt32),   -- as sent by the source
  src_legal_limit Nullable(UInt32),
  src_limit_unit Nullable(Enum8('workday' = 1, 'natural_day' = 2)),
  trips Nullable(UInt32),
  fee Nullable(Decimal(18, 2)),
  source_system String,
  updated_at DateTime('Asia/Shanghai'),
  updated_ms UInt64,
  -- Deadline facts computed by the ETL (metrics.md: Time rules)
  item_known UInt8,
  promised_limit Nullable(UInt32),    -- effective N (case, else catalogue); NULL = 无时限办件
  legal_limit Nullable(UInt32),       -- effective legal limit (missing = promised)
  limit_unit Enum8('workday' = 1, 'natural_day' = 2),
  has_deadline UInt8,
  accept_date Nullable(Date),
  finish_date Nullable(Date),
  due_date Nullable(Date),
  due_at Nullable(DateTime('Asia/Shanghai')),
  legal_due_date Nullable(Date),
  legal_due_at Nullable(DateTime('Asia/Shanghai')),
  ext_workdays UInt32,
  ext_natural UInt32,
  elapsed_workdays Nullable(UInt32),
  susp_starts Array(DateTime('Asia/Shanghai')),   -- closed, merged suspension intervals
  susp_ends Array(DateTime('Asia/Shanghai')),
  open_susp_start Nullable(DateTime('Asia/Shanghai')),
  calendar_fallback UInt8,            -- a date involved lies in a year with no announced schedule
  -- Bookkeeping
  row_hash String,                    -- hash of the source record: identical re-pulls are no-ops
  version UInt64,
  batch_id String,
  partition_month UInt32
) ENGINE = ReplacingMergeTree(version)
PARTITION BY partition_month
ORDER BY case_id;

CREATE TABLE IF NOT EXISTS steps (
  case_id String,
  seq UInt32,
  step_type Enum8('submit' = 1, 'accept' = 2, 'review' = 3, 'decide' = 4, 'finish' = 5, 'deliver' = 6, 'correction' = 7, 'special' = 8, 'resume' = 9),
  step_name String,
  actor_id String,
  started_at DateTime('Asia/Shanghai'),
  ended_at Nullable(DateTime('Asia/Shanghai')),
  source_system String,
  updated_ms UInt64,
  row_hash String,
  version UInt64,
  batch_id String,
  partition_month UInt32
) ENGINE = ReplacingMergeTree(version)
PARTITION BY partition_month
ORDER BY (case_id, seq);

CREATE TABLE IF NOT EXISTS ratings (
  rating_id String,
  case_id String,                     -- '' = a rating of a service without a case
  item_code String,                   -- as sent; '' when absent (the case's is used at query time)
  dept_code String,
  region_code String,
  channel Enum8('window_device' = 1, 'pc' = 2, 'app' = 3, 'mini_program' = 4, 'self_service' = 5, 'hotline' = 6, 'sms' = 7, 'other' = 8),
  level UInt8,
  rated_at DateTime('Asia/Shanghai'),
  tags Array(String),
  comment String,
  is_active UInt8,
  invalidated UInt8,
  verified_at Nullable(DateTime('Asia/Shanghai')),
  rectified_at Nullable(DateTime('Asia/Shanghai')),
  rectify_result Enum8('' = 0, 'rectified' = 1, 'not_substantiated' = 2, 'explained' = 3),
  rectify_limit_at Nullable(DateTime('Asia/Shanghai')),   -- 差评: 23:59:59 of the 15th working day after rated date
  source_system String,
  updated_ms UInt64,
  row_hash String,
  version UInt64,
  batch_id String,
  partition_month UInt32
) ENGINE = ReplacingMergeTree(version)
PARTITION BY partition_month
ORDER BY rating_id;
