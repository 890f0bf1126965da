// `npm run serve`: the API (and the built dashboard, when present) against the
// configured ClickHouse. `npm run demo` does this after loading a demo province.
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deploymentSecret } from '../etl/secret.ts';
import { ensureDebianPackages } from '../sql/local/debian-packages.ts';
import { ensureClickHouse } from '../sql/local/ensure.ts';
import { CJK_FONT_PATH } from './evaluation/export.ts';
import { migrate } from '../sql/migrate.ts';
import { createApp } from './app.ts';
import { ensureBootstrapAdmin } from './auth/index.ts';
import { log } from './log.ts';
import { Db } from './sql/client.ts';

export const DASHBOARD_DIST = resolve(fileURLToPath(import.meta.url), '../../dashboard/dist');

export interface Started {
  db: Db;
  server: Server;
  url: string;
}

/** Starts ClickHouse if needed, migrates, ensures the bootstrap admin and listens. */
export async function startServer(port = Number(process.env.PORT ?? 8080)): Promise<Started> {
  // Scorecard PDFs embed a CJK font and are verified with pdftotext.
  ensureDebianPackages([
    { path: CJK_FONT_PATH, packages: ['fonts-noto-cjk'], purpose: 'Chinese text in PDF exports' },
    { path: '/usr/bin/pdftotext', packages: ['poppler-utils'], purpose: 'verifying uploaded PDF scorecards' },
  ]);
  await ensureClickHouse();
  await migrate();
  const db = new Db();
  await ensureBootstrapAdmin(db);
  const dashboardDir = existsSync(resolve(DASHBOARD_DIST, 'index.html')) ? DASHBOARD_DIST : undefined;
  const app = createApp({ db, secret: deploymentSecret(), dashboardDir });
  const server = await new Promise<Server>((ok) => {
    const s = app.listen(port, '127.0.0.1', () => ok(s));
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`;
  log.info({ url, dashboard: Boolean(dashboardDir) }, 'tianping server listening');
  return { db, server, url };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  startServer().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
