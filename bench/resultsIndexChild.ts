// Run in a fresh process by bench/results.ts: indexes one results file and reports the time and the
// process's peak resident memory (before and after), so nothing else the bench did blurs the figure.
import { nodeFiles, ResultIndex } from '../core/results';

async function main(): Promise<void> {
  const [results, errors] = process.argv.slice(2);
  const before = process.resourceUsage().maxRSS;
  const t0 = performance.now();
  const index = await ResultIndex.build(nodeFiles, { results, errors });
  const ms = performance.now() - t0;
  const peak = process.resourceUsage().maxRSS;
  process.stdout.write(JSON.stringify({ ms, lines: index?.size ?? 0, rssBeforeMB: before / 1024, peakRssMB: peak / 1024, heapUsedMB: process.memoryUsage().heapUsed / 2 ** 20 }));
}

void main();
