// Request schemas of the auth and admin routes (zod). Response shapes are the
// exported interfaces (PublicUser, AuditEntry, SessionUser).
import { z } from 'zod';
import { isValidDate } from '../sql/literal.ts';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwords.ts';
import { ROLES } from './types.ts';
import { SCOPE_CODE_RE, USERNAME_RE, normalizeUsername } from './users.ts';

export const LoginBody = z.object({
  // Lenient on purpose: any string is tried (and fails like a wrong password).
  username: z.string().min(1).max(128).transform(normalizeUsername),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});

const code = z.string().regex(SCOPE_CODE_RE, '代码只能包含字母、数字、_ 和 -（最长 64）');
const codes = z.array(code).max(1000).transform((xs) => [...new Set(xs)]);

export const ScopeInput = z.strictObject({
  depts: codes.default([]),
  regions: codes.default([]),
});

const password = z.string().min(MIN_PASSWORD_LENGTH, `密码至少 ${MIN_PASSWORD_LENGTH} 位`).max(MAX_PASSWORD_LENGTH);
const displayName = z.string().trim().max(64);

export const CreateUserBody = z.strictObject({
  username: z.string().transform(normalizeUsername).pipe(z.string().regex(USERNAME_RE, '用户名只能包含小写字母、数字和 _ . @ -（最长 64）')),
  displayName: displayName.optional(),
  role: z.enum(ROLES),
  scope: ScopeInput.optional(),
  password,
  disabled: z.boolean().default(false),
});

export const UpdateUserBody = z
  .strictObject({
    displayName: displayName.optional(),
    role: z.enum(ROLES).optional(),
    scope: ScopeInput.optional(),
    password: password.optional(),
    disabled: z.boolean().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), '至少修改一项');

const day = z.string().refine(isValidDate, '日期格式应为 YYYY-MM-DD');
const list = z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

export const AuditQueryParams = z.object({
  from: day.optional(),
  to: day.optional(),
  user: z.string().max(128).transform(normalizeUsername).optional(),
  action: list.optional(),
  target: z.string().max(256).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
