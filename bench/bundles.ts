// Sizes of the production bundles. Built here with esbuild's API into a temporary directory, with the
// options of `node esbuild.mjs --production` (kept in step by hand), so dist/ is never touched while
// tests or a watch build use it.
import { mkdtempSync, rmSync, statSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { REPO } from './subjects';

export interface BundleSize {
  name: string;
  bytes: number;
  gzipBytes: number;
}

interface EsbuildApi {
  build(options: Record<string, unknown>): Promise<unknown>;
}

export async function bundleSizes(): Promise<BundleSize[]> {
  // Loaded from the repository at run time: esbuild cannot be bundled into this script.
  const esbuild = createRequire(join(REPO, 'package.json'))('esbuild') as EsbuildApi;
  const outdir = mkdtempSync(join(tmpdir(), 'mistral-batch-bench-'));
  try {
    const common = {
      absWorkingDir: REPO,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node18',
      sourcemap: false,
      minify: true,
      logLevel: 'error',
      mainFields: ['module', 'main'],
      external: ['vscode', '@opentelemetry/*'],
      outdir,
    };
    await esbuild.build({ ...common, entryPoints: { extension: 'client/extension.ts', server: 'server/main.ts' } });
    return ['extension', 'server'].map((name) => {
      const file = join(outdir, `${name}.js`);
      return { name: `dist/${name}.js`, bytes: statSync(file).size, gzipBytes: gzipSync(readFileSync(file)).length };
    });
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
