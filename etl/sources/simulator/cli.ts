// npx tsx etl/sources/simulator/cli.ts generate --out DIR [--cases N] [--seed S] [--months M] [--end YYYY-MM-DD] [--format mixed|ndjson|csv] [--rows-per-file N]
//     [--depts N] [--items N] [--rating-scale X]
// npx tsx etl/sources/simulator/cli.ts serve [--port P] [--token T] [--page-size N] [--cases N] [--seed S] [--months M] [--end YYYY-MM-DD]
import { parseArgs } from 'node:util';
import { generateProvince } from './generate.ts';
import { createProvince } from './province.ts';
import { serveSimulator } from './server.ts';
import { writeContractFiles, type FileFormat } from './writer.ts';

const USAGE = `usage:
  cli.ts generate --out DIR [--cases N] [--seed S] [--months M] [--end YYYY-MM-DD] [--format mixed|ndjson|csv] [--rows-per-file N]
      [--depts N] [--items N] [--rating-scale X]
  cli.ts serve [--port P] [--token T] [--page-size N] [--cases N] [--seed S] [--months M] [--end YYYY-MM-DD]`;

function int(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v.replaceAll('_', ''));
  if (!Number.isInteger(n)) throw new Error(`--${name} must be an integer, got ${v}`);
  return n;
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      cases: { type: 'string' },
      seed: { type: 'string' },
      months: { type: 'string' },
      end: { type: 'string' },
      format: { type: 'string', default: 'mixed' },
      'rows-per-file': { type: 'string' },
      depts: { type: 'string' },
      items: { type: 'string' },
      'rating-scale': { type: 'string' },
      port: { type: 'string' },
      token: { type: 'string' },
      'page-size': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  const opts = {
    ...(values.cases !== undefined ? { cases: int('cases', values.cases) } : {}),
    ...(values.seed !== undefined ? { seed: int('seed', values.seed) } : {}),
    ...(values.months !== undefined ? { months: int('months', values.months) } : {}),
    ...(values.end !== undefined ? { endDate: values.end } : {}),
    ...(values.depts !== undefined ? { deptsTarget: int('depts', values.depts) } : {}),
    ...(values.items !== undefined ? { itemsTarget: int('items', values.items) } : {}),
    ...(values['rating-scale'] !== undefined ? { ratingScale: Number(values['rating-scale']) } : {}),
  };
  if (command === 'generate') {
    if (!values.out) throw new Error('generate needs --out DIR');
    const format = values.format as FileFormat;
    if (!['mixed', 'ndjson', 'csv'].includes(format)) throw new Error(`--format must be mixed, ndjson or csv, got ${format}`);
    const t0 = performance.now();
    const province = createProvince(opts);
    const rowsPerFile = int('rows-per-file', values['rows-per-file']);
    const result = await writeContractFiles(province, values.out, { format, ...(rowsPerFile ? { rowsPerFile } : {}) });
    const secs = (performance.now() - t0) / 1000;
    const m = result.manifest;
    console.log(`wrote ${result.files.length} files to ${result.dir} in ${secs.toFixed(1)} s (${Math.round(province.opts.cases / secs).toLocaleString('en')} cases/s)`);
    console.log(`period ${province.opts.months} months to ${province.opts.endDate}, seed ${province.opts.seed}, ${province.depts.length} depts, ${province.items.length} items`);
    console.log(`rows: ${Object.entries(m.rows).map(([k, n]) => `${k} ${n}`).join(', ')}`);
    const bad = Object.entries(m.invalid).map(([k, r]) => `${k} ${Object.values(r).reduce((a, b) => a + b, 0)}`).join(', ');
    console.log(`deliberately invalid: ${bad}`);
    return;
  }
  if (command === 'serve') {
    const token = values.token ?? 'simulator-token';
    const data = generateProvince(opts);
    const pageSize = int('page-size', values['page-size']);
    const port = int('port', values.port);
    const server = await serveSimulator(data, { token, ...(port !== undefined ? { port } : {}), ...(pageSize ? { pageSize } : {}) });
    console.log(`simulator API at ${server.url} (Authorization: Bearer ${token}); Ctrl-C to stop`);
    const stop = (): void => void server.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return;
  }
  throw new Error(`unknown command ${command}\n${USAGE}`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
