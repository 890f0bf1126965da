-- Users, sessions and the audit log (server/auth). App state is append-only
-- (product.md): a change is a new row with a higher version, read with argMax.

-- One row per version of a user; the highest version is the current state.
-- Scope arrays are used only for role 'dept' (api.md: Roles and scope).
CREATE TABLE IF NOT EXISTS users (
  username String,
  display_name String,
  role Enum8('admin' = 1, 'leader' = 2, 'inspector' = 3, 'evaluator' = 4, 'dept' = 5),
  scope_depts Array(String),
  scope_regions Array(String),
  password_hash String,     -- argon2id, PHC string; never selected by list endpoints
  disabled UInt8,
  created_by String,
  created_at DateTime('Asia/Shanghai'),
  updated_by String,
  updated_at DateTime('Asia/Shanghai'),
  version UInt64            -- microseconds since the epoch, increasing per process
) ENGINE = ReplacingMergeTree(version)
ORDER BY username;

-- Server-side sessions. session_key is the SHA-256 of the random session id
-- carried by the cookie, so reading this table does not yield usable cookies.
-- Revocation is a new version with revoked = 1. Partitioned by month of
-- creation (never changes for a session) so old months can be dropped:
-- 18.16 has no TTL.
CREATE TABLE IF NOT EXISTS sessions (
  session_key String,
  username String,
  created_at DateTime('Asia/Shanghai'),
  expires_at DateTime('Asia/Shanghai'),
  revoked UInt8,
  ip String,
  user_agent String,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(created_at)
ORDER BY session_key;

-- The audit log: logins, logouts, admin changes, case views, exports.
-- Append-only, never updated. seq (microseconds, increasing per process)
-- orders events within one second.
CREATE TABLE IF NOT EXISTS audit_log (
  time DateTime('Asia/Shanghai'),
  seq UInt64,
  username String,          -- the actor; for login events the name that was tried
  role String,              -- '' when unknown (anonymous, failed login of an unknown name)
  ip String,
  action String,            -- e.g. login.ok, login.failed, logout, user.create, case.view, cases.export
  target String,
  detail String,            -- JSON object; secrets are stripped before writing
  request_id String
) ENGINE = MergeTree
PARTITION BY toYYYYMM(time)
ORDER BY (time, seq);
