// Preloaded into a measured child process (`node --import tsx --import ./test/bench/rss-probe.ts …`):
// at exit it writes process.resourceUsage() — peak RSS (maxRSS, KiB) and CPU
// time — to BENCH_USAGE_FILE, the same getrusage figures `/usr/bin/time -v` prints.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_USAGE_FILE;
if (file) process.on('exit', () => writeFileSync(file, JSON.stringify(process.resourceUsage())));
