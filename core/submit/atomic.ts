// Files are written to a temporary name beside the target and renamed over it, so a failed or
// interrupted write never leaves a truncated file where a good one was. Records that must survive a
// crash (the create journal) are also flushed to disk, file and folder, before the call returns.
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import { randomBytes } from 'node:crypto';

function tempNameFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
}

async function replaceWith(path: string, write: (temp: string) => Promise<void>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = tempNameFor(path);
  try {
    await write(temp);
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await replaceWith(path, async (temp) => {
    const file = await open(temp, 'wx');
    try {
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
  });
  // The rename is durable only once the folder's entry is.
  const folder = await open(dirname(path), 'r').catch(() => undefined);
  await folder?.sync().catch(() => undefined);
  await folder?.close();
}
