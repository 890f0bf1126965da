// `npm run etl -- import <dir> [--source NAME] [--profile NAME]`
// `npm run etl -- run <job>` · `npm run etl -- schedule` · `npm run etl -- jobs`
import cron from 'node-cron';
import { Db } from '../server/sql/client.ts';
import { ensureClickHouse } from '../sql/local/ensure.ts';
import { migrate } from '../sql/migrate.ts';
import { runImport, summaryLines } from './import.ts';
import { withJobLock } from './job-lock.ts';
import { jobTable, type Job } from './jobs.ts';
import { deploymentSecret } from './secret.ts';
import { fileDropConnector } from './sources/file-drop.ts';

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}

async function runJob(job: Job, db: Db): Promise<void> {
  await withJobLock(job.name, async () => {
    const started = Date.now();
    const result = await job.run({ db, secret: deploymentSecret() });
    const stats = (result as { stats?: Parameters<typeof summaryLines>[0] } | undefined)?.stats;
    for (const line of stats ? summaryLines(stats) : []) console.log(line);
    console.error(`job ${job.name} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
}

async function main(argv: string[]): Promise<void> {
  const [command, arg] = argv;
  await ensureClickHouse();
  await migrate();
  const db = new Db();
  try {
    if (command === 'import' && arg) {
      const connector = fileDropConnector({ dir: arg, source: option(argv, 'source') ?? 'file-drop', profile: option(argv, 'profile') });
      const { stats } = await withJobLock(`import:${connector.source}`, () =>
        runImport({ db, connector, job: `import:${connector.source}`, secret: deploymentSecret() }));
      for (const line of summaryLines(stats)) console.log(line);
    } else if (command === 'run' && arg) {
      const job = jobTable().find((j) => j.name === arg || j.name === `import:${arg}`);
      if (!job) throw new Error(`unknown job ${arg}; known: ${jobTable().map((j) => j.name).join(', ') || '(none)'}`);
      await runJob(job, db);
    } else if (command === 'jobs') {
      for (const job of jobTable()) console.log(`${job.name}\t${job.cron ?? 'manual'}\t${job.description}`);
    } else if (command === 'schedule') {
      const jobs = jobTable().filter((j) => j.cron !== null);
      for (const job of jobs) {
        cron.schedule(job.cron!, () => {
          runJob(job, db).catch((err: unknown) => console.error(`job ${job.name} failed: ${err instanceof Error ? err.message : err}`));
        });
      }
      console.error(`scheduler running ${jobs.length} job(s): ${jobs.map((j) => `${j.name} (${j.cron})`).join(', ')}`);
      await new Promise(() => undefined); // runs until stopped
    } else {
      throw new Error('usage: etl import <dir> [--source NAME] [--profile NAME] | etl run <job> | etl jobs | etl schedule');
    }
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
