// Structured logs (pino). LOG_LEVEL overrides; tests run quiet.
import { pino } from 'pino';

export const log = pino({
  level: process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'),
  base: { app: 'tianping' },
  redact: ['req.headers.cookie', 'req.headers.authorization', 'password'],
});
