-- Evaluation (综合指数 / 第三方评估, server/evaluation/). App state is
-- append-only (product.md): an index-system version, a scorecard, an export
-- record or a notice is written once and never updated. Plain MergeTree, so
-- reads are exact without FINAL; external indicator values are versioned
-- (a re-upload of the same key is a newer version, read with argMax).

-- One row per immutable index-system version; system_id = '<code>@v<version>'.
CREATE TABLE IF NOT EXISTS eval_index_systems (
  system_id String,
  code String,
  version UInt32,
  definition String,          -- JSON: the IndexSystemInput (name, description, minSample, children)
  created_by String,
  created_at DateTime('Asia/Shanghai'),
  seq UInt64
) ENGINE = MergeTree
ORDER BY (code, version);

-- Frozen scorecards: `content` is the canonical JSON whose SHA-256 is `sha256`.
CREATE TABLE IF NOT EXISTS eval_scorecards (
  scorecard_id String,
  system_id String,
  period_from Date,
  period_to Date,
  by String,
  level String,
  title String,
  created_by String,
  created_at DateTime('Asia/Shanghai'),
  recomputed_from String,     -- '' unless made by /recompute
  sha256 String,
  short_code String,          -- the verification code printed on exports
  content String,
  seq UInt64
) ENGINE = MergeTree
PARTITION BY toYYYYMM(created_at)
ORDER BY scorecard_id;

-- Every exported file: its own SHA-256, so an untouched file verifies exactly.
CREATE TABLE IF NOT EXISTS eval_exports (
  file_sha256 String,
  scorecard_id String,
  format String,
  exported_by String,
  exported_at DateTime('Asia/Shanghai'),
  seq UInt64
) ENGINE = MergeTree
ORDER BY file_sha256;

-- External indicator values (survey scores, mystery shopping) per unit and
-- period, uploaded by evaluators. Key: (indicator_code, unit_kind, unit_code,
-- period_from, period_to); a newer upload of a key is a newer version.
CREATE TABLE IF NOT EXISTS eval_external_values (
  indicator_code String,
  unit_kind Enum8('region' = 1, 'dept' = 2),
  unit_code String,
  period_from Date,
  period_to Date,
  value Float64,
  batch_id String,
  uploaded_by String,
  uploaded_at DateTime('Asia/Shanghai'),
  version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (indicator_code, unit_kind, unit_code, period_from, period_to);

-- Monthly 通报: the previous month's scorecard of the default system + 红黑榜.
CREATE TABLE IF NOT EXISTS eval_notices (
  notice_id String,
  month String,               -- 'YYYY-MM'
  scorecard_id String,
  created_at DateTime('Asia/Shanghai'),
  content String,             -- JSON: title, period, red/black lists
  seq UInt64
) ENGINE = MergeTree
ORDER BY (month, notice_id);
