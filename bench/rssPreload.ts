// Loaded with `node --require` into a measured child process: at exit it writes the process's peak
// resident set size (kB) to the file named by MB_BENCH_RSS_FILE, whatever the program was.
import { writeFileSync } from 'node:fs';

const out = process.env.MB_BENCH_RSS_FILE;
if (out) process.on('exit', () => writeFileSync(out, String(process.resourceUsage().maxRSS)));
