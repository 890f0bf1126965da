// Roles and scopes (api.md: Roles and scope).
export const ROLES = ['admin', 'leader', 'inspector', 'evaluator', 'dept'] as const;
export type Role = (typeof ROLES)[number];

/** A row is visible when its dept is in `depts` or its region lies in the subtree of one of `regions`. */
export interface Scope {
  depts: string[];
  regions: string[];
}

export interface SessionUser {
  username: string;
  role: Role;
  /** null = unrestricted (every role but dept). */
  scope: Scope | null;
  /** The session's storage key (SHA-256 of the cookie's id), never the cookie value itself. */
  sessionId: string;
  displayName?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: SessionUser;
  }
}
