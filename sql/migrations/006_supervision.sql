-- Supervision (电子监察): 督办 notices and 差评 appeals (server/supervision/).
-- App state is append-only (product.md): a notice or an appeal is written once
-- and never updated; everything that happens to it is a new event row, and
-- its state is derived from its event log at read time (for any as_of). The
-- event log is the audit trail (全流程留痕). Plain MergeTree: rows are never
-- replaced, so reads are exact without FINAL. `seq` (microseconds, increasing
-- per process) orders events within one second.

-- One row per 督办 notice, written at issue.
CREATE TABLE IF NOT EXISTS supervision_actions (
  action_id String,
  target_kind Enum8('case' = 1, 'dept' = 2, 'region' = 3),
  target_code String,        -- the case id, dept code or region code
  case_id String,            -- '' for a unit notice
  dept_code String,          -- the case's dept / the dept / '' for a region notice
  region_code String,        -- the case's region / the dept's region / the region
  responsible_dept String,   -- the dept that must respond (dept users respond within their scope)
  reason String,
  deadline_workdays UInt16,
  red_after_workdays UInt16, -- escalation to red this many working days after the due date
  issued_at DateTime('Asia/Shanghai'),
  due_date Date,             -- the deadline_workdays-th working day after the issue date
  red_date Date,             -- the red_after_workdays-th working day after due_date
  issued_by String,
  seq UInt64
) ENGINE = MergeTree
PARTITION BY toYYYYMM(issued_at)
ORDER BY action_id;

-- Everything that happens to a notice: issue, respond, accept, return, close,
-- auto_close (the case finished; written by the scheduled check) and
-- escalate (the check recording a yellow/red escalation it observed).
CREATE TABLE IF NOT EXISTS supervision_action_events (
  event_id String,
  action_id String,
  event_type Enum8('issue' = 1, 'respond' = 2, 'accept' = 3, 'return' = 4, 'close' = 5, 'auto_close' = 6, 'escalate' = 7),
  actor String,              -- username; 'system' for the scheduled check
  actor_role String,
  at DateTime('Asia/Shanghai'),
  seq UInt64,
  text String,
  attachments Array(String), -- attachment file names (the files live in the document system)
  level Enum8('' = 0, 'yellow' = 1, 'red' = 2)   -- escalate events only
) ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (action_id, seq);

-- One row per 差评 appeal (申诉复核), written when a dept submits it.
CREATE TABLE IF NOT EXISTS supervision_appeals (
  appeal_id String,
  rating_id String,
  case_id String,
  dept_code String,          -- the rating's dept (its own, else its case's)
  region_code String,
  reason String,
  submitted_by String,
  submitted_at DateTime('Asia/Shanghai'),
  seq UInt64
) ENGINE = MergeTree
PARTITION BY toYYYYMM(submitted_at)
ORDER BY appeal_id;

-- The decision on an appeal (uphold / reject) by an inspector. An upheld
-- appeal also writes a new version of the rating with invalidated = 1
-- (server/supervision/appeals.ts), so the rating leaves every rating metric.
CREATE TABLE IF NOT EXISTS supervision_appeal_events (
  appeal_id String,
  event_type Enum8('uphold' = 1, 'reject' = 2),
  actor String,
  actor_role String,
  at DateTime('Asia/Shanghai'),
  seq UInt64,
  note String
) ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (appeal_id, seq);
