/**
 * `npm run bench`: the benchmarks. Speed is measured here, never in timed tests. All load goes
 * to a sandbox on 127.0.0.1, bounded in time.
 */
import { cpus } from 'node:os';
import { measureSchemaDrift } from './bench/schema-drift';
import { measureThroughput } from './bench/sandbox-throughput';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
process.stdout.write(`pluvo-contract-monitor benchmarks (Node ${process.version}, ${cpus().length} cores, ${seconds} s a run)\n\n`);
process.stdout.write('sandbox: paginatedUsers(first: 50) cursor walks\n');
process.stdout.write('| users | concurrency | requests | requests/s | p50 ms | p95 ms | sandbox RSS MB |\n|---:|---:|---:|---:|---:|---:|---:|\n');
for (const [users, concurrency] of [[137, 1], [137, 8], [100_000, 8]] as const) {
  const r = await measureThroughput(users, concurrency, seconds);
  process.stdout.write(`| ${r.users} | ${r.concurrency} | ${r.requests} | ${r.requestsPerSecond.toFixed(0)} | ${r.p50Ms.toFixed(1)} | ${r.p95Ms.toFixed(1)} | ${r.sandboxRssMb.toFixed(0)} |\n`);
}

process.stdout.write('\nschema drift: GitHub public schema 2023-06-27 against 2024-07-08\n');
const drift = await measureSchemaDrift();
if (!drift) process.stdout.write('  skipped: ../shared/data/github-schema is not beside this checkout\n');
else {
  process.stdout.write('| parse one schema ms | diff ms | changes | breaking | deprecations | radar scan ms | heap MB |\n|---:|---:|---:|---:|---:|---:|---:|\n');
  process.stdout.write(`| ${drift.parseMs.toFixed(0)} | ${drift.diffMs.toFixed(0)} | ${drift.changes} | ${drift.breaking} | ${drift.deprecations} | ${drift.radarMs.toFixed(1)} | ${drift.heapMb.toFixed(0)} |\n`);
}
