-- Dimensions and the calendar. Small tables: versioned rows, merged with
-- OPTIMIZE … FINAL after each import that changes them.

CREATE TABLE IF NOT EXISTS regions (
  region_code String,
  region_name String,
  parent_code String,       -- '' for the root
  level UInt8,              -- 1 province, 2 city, 3 county, 4 township
  updated_ms UInt64,
  row_hash String,
  source_system String,
  batch_id String,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY region_code;

CREATE TABLE IF NOT EXISTS depts (
  dept_code String,
  dept_name String,
  region_code String,
  updated_ms UInt64,
  row_hash String,
  source_system String,
  batch_id String,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY dept_code;

CREATE TABLE IF NOT EXISTS items (
  item_code String,
  item_name String,
  item_type Enum8('permit' = 1, 'payment' = 2, 'confirmation' = 3, 'ruling' = 4, 'public_service' = 5, 'other' = 6),
  dept_code String,
  region_code String,
  legal_limit UInt32,
  promised_limit UInt32,
  limit_unit Enum8('workday' = 1, 'natural_day' = 2),
  is_immediate UInt8,
  max_trips Nullable(UInt32),
  online_depth Nullable(UInt8),
  updated_ms UInt64,
  row_hash String,
  source_system String,
  batch_id String,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY item_code;

-- Calendar overrides as imported (调休上班 = 1, 法定节假日 = 0).
CREATE TABLE IF NOT EXISTS calendar_overrides (
  date Date,
  is_workday UInt8,
  note String,
  updated_ms UInt64,
  row_hash String,
  source_system String,
  batch_id String,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY date;

-- The whole effective calendar (national schedule + overrides), one row per
-- day, rebuilt when overrides change; for SQL that needs working days.
CREATE TABLE IF NOT EXISTS calendar (
  date Date,
  is_workday UInt8,
  is_fallback UInt8,        -- 1 = year without an announced national schedule (Mon–Fri assumed)
  workday_seq UInt32,       -- cumulative count of working days up to and including date
  version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY date;
