// Dimension lists for the dashboard's filter bar (any signed-in role):
//   GET /api/dimensions/regions        every region {code, name, parent, level}
//   GET /api/dimensions/depts          departments {code, name, region}
//   GET /api/dimensions/items?q&dept&limit   catalogue items matching q (code or name), at most `limit`
// Names of units are not personal data, so lists are not scoped: a dept user
// may pick any unit, and the data endpoints then apply the scope.
// The tables are small and merged after each import, so FINAL is cheap here.
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app.ts';
import { requireAuth } from '../auth/sessions.ts';
import { int, join, raw, sql, str, type Sql } from '../sql/literal.ts';

const code = z.string().regex(/^[0-9A-Za-z_-]{1,64}$/);
const ItemsQuery = z.object({
  q: z.string().trim().max(100).default(''),
  dept: code.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export interface RegionNode {
  code: string;
  name: string;
  /** null for the root (the province). */
  parent: string | null;
  /** 1 province, 2 city, 3 county, 4 township. */
  level: number;
}
export interface DeptOption {
  code: string;
  name: string;
  region: string;
}
export interface ItemOption {
  code: string;
  name: string;
  dept: string;
}

/** ClickHouse LIKE pattern matching `text` literally anywhere. */
const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function dimensionRoutes({ db }: AppContext): Router {
  const router = Router();

  router.get('/dimensions/regions', requireAuth(), async (_req, res) => {
    const rows = await db.query<{ region_code: string; region_name: string; parent_code: string; level: number }>(
      raw('SELECT region_code, region_name, parent_code, level FROM regions FINAL ORDER BY level, region_code'),
    );
    res.json({
      regions: rows.map((r): RegionNode => ({ code: r.region_code, name: r.region_name, parent: r.parent_code || null, level: Number(r.level) })),
    });
  });

  router.get('/dimensions/depts', requireAuth(), async (_req, res) => {
    const rows = await db.query<{ dept_code: string; dept_name: string; region_code: string }>(
      raw('SELECT dept_code, dept_name, region_code FROM depts FINAL ORDER BY region_code, dept_code'),
    );
    res.json({ depts: rows.map((r): DeptOption => ({ code: r.dept_code, name: r.dept_name, region: r.region_code })) });
  });

  router.get('/dimensions/items', requireAuth(), async (req, res) => {
    const q = ItemsQuery.parse(req.query);
    const where: Sql[] = [raw('1')];
    if (q.q) {
      const pattern = str(containsPattern(q.q));
      where.push(sql`(item_name LIKE ${pattern} OR item_code LIKE ${pattern})`);
    }
    if (q.dept) where.push(sql`dept_code = ${str(q.dept)}`);
    const rows = await db.query<{ item_code: string; item_name: string; dept_code: string }>(
      sql`SELECT item_code, item_name, dept_code FROM items FINAL WHERE ${join(where, ' AND ')}
        ORDER BY item_name, item_code LIMIT ${int(q.limit)}`,
    );
    res.json({ items: rows.map((r): ItemOption => ({ code: r.item_code, name: r.item_name, dept: r.dept_code })) });
  });

  return router;
}
