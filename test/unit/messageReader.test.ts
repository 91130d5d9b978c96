// The server's framed JSON-RPC reader: Content-Length framing however the bytes are cut into chunks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { Message } from 'vscode-languageserver/node';
import { FramedMessageReader } from '../../server/messageReader';

function frame(message: object, header = 'Content-Length'): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(`${header}: ${body.length}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n`, 'ascii'), body]);
}

/** Feeds `bytes` to a reader in the given chunk sizes (cycled) and returns what it read. */
async function read(bytes: Buffer, sizes: number[]): Promise<{ messages: Message[]; errors: string[] }> {
  const stream = new PassThrough();
  const reader = new FramedMessageReader(stream);
  const messages: Message[] = [];
  const errors: string[] = [];
  reader.onError((e) => errors.push(e.message));
  reader.listen((m) => messages.push(m));
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const n = sizes[i % sizes.length];
    stream.write(bytes.subarray(at, at + n));
    at += n;
  }
  stream.end();
  await new Promise((resolve) => stream.on('end', resolve));
  return { messages, errors };
}

const notes = [
  { jsonrpc: '2.0', method: 'a', params: { text: 'héllo wörld — 日本語 🙂'.repeat(50) } },
  { jsonrpc: '2.0', id: 1, method: 'b', params: {} },
  { jsonrpc: '2.0', method: 'c', params: { text: '🙂'.repeat(3000) } },
];
const all = Buffer.concat(notes.map((m) => frame(m)));

test('several messages in one chunk are each read, in order', async () => {
  const { messages, errors } = await read(all, [all.length]);
  assert.deepEqual(messages, notes);
  assert.deepEqual(errors, []);
});

test('a message split over many chunks, cut inside headers and inside multi-byte characters, reads the same', async () => {
  for (const sizes of [[1], [2, 3], [7], [13, 1, 64], [1000]]) {
    const { messages, errors } = await read(all, sizes);
    assert.deepEqual(messages, notes, `chunks of ${sizes.join(', ')}`);
    assert.deepEqual(errors, []);
  }
});

test('header names are read in any case', async () => {
  const { messages } = await read(frame(notes[1], 'content-length'), [5]);
  assert.deepEqual(messages, [notes[1]]);
});

test('a header without Content-Length, or a body that is not JSON, is an error', async () => {
  const missing = await read(Buffer.from('Content-Type: x\r\n\r\n{}', 'ascii'), [100]);
  assert.deepEqual(missing.messages, []);
  assert.match(missing.errors[0], /Content-Length/);
  const broken = await read(Buffer.concat([Buffer.from('Content-Length: 3\r\n\r\n{x}', 'ascii'), frame(notes[1])]), [100]);
  assert.equal(broken.errors.length, 1);
  assert.deepEqual(broken.messages, [notes[1]]);
});
