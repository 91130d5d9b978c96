// Generated .jsonl batch inputs written straight to disk, a chunk at a time (a 1M-line input is about
// 500 MB: it is never built in memory). One compact chat request per line, as generate.ts makes them.
import { open } from 'node:fs/promises';
import { prng } from '../test/support/random';
import { chatRequest } from './generate';

export async function writeJsonl(path: string, lines: number, options: { invalid?: boolean; seed?: number } = {}): Promise<number> {
  const rand = prng(options.seed ?? 20240611);
  const out = await open(path, 'w');
  let bytes = 0;
  try {
    let chunk: string[] = [];
    for (let i = 0; i < lines; i++) {
      chunk.push(`${JSON.stringify(chatRequest(rand, i, options.invalid ?? false))}\n`);
      if (chunk.length === 2000 || i === lines - 1) {
        const data = Buffer.from(chunk.join(''));
        await out.write(data);
        bytes += data.length;
        chunk = [];
      }
    }
  } finally {
    await out.close();
  }
  return bytes;
}
