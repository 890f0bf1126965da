// POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me (api.md).
import { Router, type Request } from 'express';
import type { AppContext } from '../app.ts';
import { ApiError } from '../errors.ts';
import { audit } from '../auth/audit.ts';
import { verifyAgainstDummy, verifyPassword, warmDummyHash } from '../auth/passwords.ts';
import { DEFAULT_RATE_LIMIT, LoginRateLimiter, type RateLimitOptions } from '../auth/rate-limit.ts';
import { LoginBody } from '../auth/schemas.ts';
import {
  clearSessionCookie, requireAuth, sessionStoreFor, setSessionCookie,
} from '../auth/sessions.ts';
import type { SessionUser } from '../auth/types.ts';
import { findUser } from '../auth/users.ts';

const invalidCredentials = () => new ApiError(401, 'invalid_credentials', '用户名或密码错误', 'Wrong username or password');
const accountDisabled = () => new ApiError(403, 'account_disabled', '账号已停用，请联系管理员', 'This account is disabled; contact an administrator');
const tooMany = (minutes: number) =>
  new ApiError(429, 'too_many_attempts', `登录失败次数过多，请 ${minutes} 分钟后再试`, `Too many failed sign-in attempts; try again in ${minutes} min`);

const publicUser = (u: SessionUser) => ({ username: u.username, role: u.role, scope: u.scope, displayName: u.displayName ?? '' });

/** `rateLimit` is for tests; the limiter lives with this router (one per app). */
export function authRoutes(ctx: AppContext, rateLimit: RateLimitOptions = DEFAULT_RATE_LIMIT): Router {
  const { db, secret } = ctx;
  const router = Router();
  const sessions = sessionStoreFor(db);
  const limiter = new LoginRateLimiter(rateLimit);
  void warmDummyHash();

  router.post('/auth/login', async (req, res) => {
    const { username, password } = LoginBody.parse(req.body ?? {});
    const ip = req.ip ?? '';
    const decision = limiter.check(username, ip);
    if (!decision.allowed) {
      const seconds = Math.ceil(decision.retryAfterMs / 1000);
      await audit(db, { req, user: { username, role: '' }, action: 'login.blocked', target: username, detail: { retryAfterSeconds: seconds } });
      res.setHeader('Retry-After', String(seconds));
      throw tooMany(Math.ceil(seconds / 60));
    }

    const user = await findUser(db, username);
    const ok = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);
    const failed = async (reason: string) => {
      limiter.fail(username, ip);
      await audit(db, { req, user: { username, role: user?.role ?? '' }, action: 'login.failed', target: username, detail: { reason } });
    };
    if (!user || !ok) {
      await failed(user ? 'bad_password' : 'unknown_user');
      throw invalidCredentials();
    }
    // Told only after the right password, so it reveals nothing to a guesser.
    if (user.disabled) {
      await failed('disabled');
      throw accountDisabled();
    }

    limiter.succeed(username, ip);
    const session = await sessions.create(user, { ip, userAgent: req.get('user-agent') ?? '' });
    await audit(db, { req, user: session.user, action: 'login.ok', target: username });
    setSessionCookie(req, res, secret, session.id, session.expiresAtMs);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ user: publicUser(session.user) });
  });

  router.post('/auth/logout', requireAuth(), async (req: Request, res) => {
    const user = req.user!;
    await sessions.revoke(user.sessionId);
    await audit(db, { req, action: 'logout', target: user.username });
    clearSessionCookie(req, res);
    res.json({ ok: true });
  });

  router.get('/auth/me', requireAuth(), (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ user: publicUser(req.user!) });
  });

  return router;
}
