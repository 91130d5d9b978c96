// The measured work of the scale row that is not a CLI command, each in a fresh process:
//   floor FILE            read the file and JSON.parse every line (the least any check must do)
//   upload FILE URL KEY   upload it to the mock from disk, as submit does; prints the upload's ms
import { MistralBatchApi } from '../core/api';
import { hashLocalFile, openRegularFile, openUploadBlob } from '../core/submit/localFile';
import { readLines } from '../server/analysis/jsonlFile';

async function floor(path: string): Promise<string> {
  const { handle, identity } = await openRegularFile(path);
  let lines = 0;
  try {
    await readLines(handle, identity, {
      line: (text) => {
        if (text.length > 0) JSON.parse(text);
        lines++;
      },
      skipped: () => undefined,
    });
  } finally {
    await handle.close();
  }
  return String(lines);
}

async function upload(path: string, baseUrl: string, apiKey: string): Promise<string> {
  const api = new MistralBatchApi({ baseUrl, apiKey });
  const content = await openUploadBlob(path, await hashLocalFile(path));
  const t0 = performance.now();
  await api.uploadFile({ fileName: 'scale.jsonl', content }, { onProgress: () => undefined });
  return (performance.now() - t0).toFixed(0);
}

async function main(): Promise<void> {
  const [what, file, url, key] = process.argv.slice(2);
  if (what === 'floor') process.stdout.write(`${await floor(file)}\n`);
  else if (what === 'upload') process.stdout.write(`${await upload(file, url, key)}\n`);
  else throw new Error(`scaleChild: unknown work ${what}`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
