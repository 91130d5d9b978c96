// The scale row: a generated chat input of 100,000 and 1,000,000 lines (about 50 and 500 MB) in a
// temporary folder, and, in fresh processes of the built CLI, the floor (read + JSON.parse of every
// line), `validate`, `validate` of a file where every line is invalid, the upload to the local mock,
// and `submit` (check, hash, upload, create). Peak RSS comes from each process itself (rssPreload.ts).
// --quick runs one small size only.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { startMockServer } from '../mock-api/server';
import { writeJsonl } from './jsonlFile';
import { table, Target } from './report';
import { REPO } from './subjects';

const CLI = join(REPO, 'dist', 'cli.js');
const PRELOAD = join(__dirname, 'rssPreload.js');
const CHILD = join(__dirname, 'scaleChild.js');
const KEY = 'sk-bench-scale';

export interface Measured {
  ms: number;
  rssMB: number;
}

export interface ScaleSize {
  lines: number;
  bytes: number;
  floor: Measured;
  validate: Measured;
  invalidFloor?: Measured;
  invalid?: Measured;
  uploadMs?: number;
  submit?: Measured;
}

/** Runs `node [--require rssPreload] args` to its end: wall time and peak RSS; fails on a bad exit code. */
async function measure(args: string[], ok: (code: number | null) => boolean, env: Record<string, string> = {}): Promise<Measured & { stdout: string }> {
  const rssFile = join(tmpdir(), `mb-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const t0 = performance.now();
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(process.execPath, ['--require', PRELOAD, ...args], { env: { ...process.env, ...env, MB_BENCH_RSS_FILE: rssFile }, cwd: REPO });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      if (out.length < 1e6) out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      if (err.length < 1e5) err += c.toString();
    });
    child.on('close', (c) => done({ code: c, stdout: out, stderr: err }));
  });
  const ms = performance.now() - t0;
  if (!ok(code)) throw new Error(`bench scale: ${args.join(' ')} exited with ${code}: ${stderr.slice(-2000)}`);
  const rssKB = Number(await readFile(rssFile, 'utf8'));
  await rm(rssFile, { force: true });
  return { ms, rssMB: rssKB / 1024, stdout };
}

const median = (xs: Measured[]): Measured => {
  const sorted = [...xs].sort((a, b) => a.ms - b.ms);
  return { ms: sorted[sorted.length >> 1].ms, rssMB: Math.max(...xs.map((x) => x.rssMB)) };
};

export async function runScale(opts: { quick: boolean; log: (m: string) => void }): Promise<ScaleSize[]> {
  const sizes = opts.quick ? [20_000] : [100_000, 1_000_000];
  const dir = await mkdtemp(join(tmpdir(), 'mb-bench-scale-'));
  const mock = await startMockServer({ apiKey: KEY });
  const out: ScaleSize[] = [];
  try {
    for (const lines of sizes) {
      const big = lines === sizes[sizes.length - 1];
      const file = join(dir, `chat-${lines}.jsonl`);
      opts.log(`  scale ${lines}: generating`);
      const bytes = await writeJsonl(file, lines);
      const validateArgs = [CLI, 'validate', file, '--endpoint', '/v1/chat/completions'];
      // The median of three, interleaved: one run of either swings by a fifth on a shared machine.
      const rounds = 3;
      const floors: Measured[] = [];
      const validates: Measured[] = [];
      for (let r = 0; r < rounds; r++) {
        opts.log(`  scale ${lines}: floor and validate (${r + 1}/${rounds})`);
        floors.push(await measure([CHILD, 'floor', file], (c) => c === 0));
        validates.push(await measure(validateArgs, (c) => c === 0));
      }
      const size: ScaleSize = { lines, bytes, floor: median(floors), validate: median(validates) };
      if (big) {
        const bad = join(dir, `chat-${lines}-invalid.jsonl`);
        opts.log(`  scale ${lines}: every line invalid`);
        await writeJsonl(bad, lines, { invalid: true });
        size.invalidFloor = await measure([CHILD, 'floor', bad], (c) => c === 0);
        size.invalid = await measure([CLI, 'validate', bad, '--endpoint', '/v1/chat/completions'], (c) => c === 1);
        await rm(bad, { force: true });
        opts.log(`  scale ${lines}: upload`);
        const upload = await measure([CHILD, 'upload', file, mock.url, KEY], (c) => c === 0);
        size.uploadMs = Number(upload.stdout.trim());
        mock.state.reset();
        opts.log(`  scale ${lines}: submit`);
        const batch = join(dir, `chat-${lines}.batch.json`);
        await writeFile(batch, JSON.stringify({ model: 'mistral-small-latest', endpoint: '/v1/chat/completions', input_files: [basename(file)] }));
        size.submit = await measure([CLI, 'submit', batch, '--base-url', mock.url], (c) => c === 0, { MISTRAL_API_KEY: KEY, MISTRAL_BATCH_CACHE_DIR: join(dir, 'cache') });
        mock.state.reset();
      }
      await rm(file, { force: true });
      out.push(size);
    }
  } finally {
    await mock.close();
    await rm(dir, { recursive: true, force: true });
  }
  return out;
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (m: Measured) => `${m.rssMB.toFixed(0)} MB`;

export function scaleTable(sizes: ScaleSize[]): string {
  const rows: string[][] = [];
  for (const z of sizes) {
    const label = `${z.lines.toLocaleString('en-US')} lines (${(z.bytes / 1e6).toFixed(0)} MB)`;
    rows.push([label, 'floor: read + JSON.parse every line', s(z.floor.ms), mb(z.floor)]);
    rows.push([label, 'validate', `${s(z.validate.ms)} (${(z.validate.ms / z.floor.ms).toFixed(2)}× floor)`, mb(z.validate)]);
    if (z.invalid && z.invalidFloor) rows.push([label, 'validate, every line invalid (cap 1000)', `${s(z.invalid.ms)} (${(z.invalid.ms / z.invalidFloor.ms).toFixed(2)}× its floor)`, mb(z.invalid)]);
    if (z.uploadMs !== undefined) rows.push([label, 'upload to the local mock', `${s(z.uploadMs)} (${((z.bytes / 1e6) / (z.uploadMs / 1000)).toFixed(0)} MB/s)`, '']);
    if (z.submit) rows.push([label, 'submit (check, hash, upload, create)', s(z.submit.ms), mb(z.submit)]);
  }
  return table(rows, ['input', 'measured', 'time', 'peak RSS']);
}

export function scaleTargetTable(list: Target[]): string {
  return table(list.map((t) => [t.scenario, t.target, t.measured, t.pass ? 'PASS' : `FAIL (${t.ofLimit.toFixed(1)}× the limit)`]), ['scale target', 'target', 'measured', 'result']);
}

export function scaleTargets(sizes: ScaleSize[]): Target[] {
  const out: Target[] = [];
  const ratio = (x: number, limit: number, scenario: string, target: string, measured: string) => out.push({ scenario, target, measured, ofLimit: x / limit, pass: x <= limit });
  for (const z of sizes) {
    const n = z.lines.toLocaleString('en-US');
    const v = z.validate.ms / z.floor.ms;
    ratio(v, 2, `validate time, ${n} lines`, '≤ 2× floor', `${v.toFixed(2)}×`);
    ratio(z.validate.rssMB, 300, `validate peak RSS, ${n} lines`, '≤ 300 MB', mb(z.validate));
    if (z.invalid && z.invalidFloor) {
      const i = z.invalid.ms / z.invalidFloor.ms;
      ratio(i, 3, `validate, every line invalid, ${n} lines`, '≤ 3× floor', `${i.toFixed(2)}×`);
    }
    if (z.submit) ratio(z.submit.rssMB, 300, `submit peak RSS, upload included, ${n} lines`, '≤ 300 MB', mb(z.submit));
  }
  return out;
}
