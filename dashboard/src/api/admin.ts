// GET /api/admin/users and /api/admin/audit (server/routes/admin-*.ts), read-only views.
import type { PublicUser } from '../../../server/auth/users.ts';
import type { AuditEntry } from '../../../server/auth/audit.ts';
import { getJson } from './http.ts';

export type { AuditEntry, PublicUser };

export const fetchUsers = () => getJson<{ users: PublicUser[] }>('/api/admin/users').then((r) => r.users);
export const fetchAudit = (q: { from?: string; to?: string; page: number; pageSize: number }) =>
  getJson<{ total: number; rows: AuditEntry[]; page: number; pageSize: number }>('/api/admin/audit', q);
