// server/auth: sessions, roles, scopes, audit. Routes import from here.
export { audit, type AuditEvent } from './audit.ts';
export { requireAuth, currentUser, sessionMiddleware, sessionStoreFor, SESSION_COOKIE } from './sessions.ts';
export { scopeOf, scopeCacheKey, isEmptyScope } from './scope.ts';
export { ensureBootstrapAdmin, ensureDemoUsers, type DemoLogin } from './users.ts';
export { ROLES, type Role, type Scope, type SessionUser } from './types.ts';
