// The mock's synchronous endpoints answer the official SDK's own typed functions (not our client):
// each answer parses, a streamed chat answer is read by the SDK's event stream and equals the unstreamed
// one, and the same request gets the same answer.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { MistralCore } from '@mistralai/mistralai/core.js';
import { audioTranscriptionsComplete } from '@mistralai/mistralai/funcs/audioTranscriptionsComplete.js';
import { betaConversationsStart } from '@mistralai/mistralai/funcs/betaConversationsStart.js';
import { chatComplete } from '@mistralai/mistralai/funcs/chatComplete.js';
import { chatStream } from '@mistralai/mistralai/funcs/chatStream.js';
import { classifiersClassify } from '@mistralai/mistralai/funcs/classifiersClassify.js';
import { classifiersClassifyChat } from '@mistralai/mistralai/funcs/classifiersClassifyChat.js';
import { classifiersModerate } from '@mistralai/mistralai/funcs/classifiersModerate.js';
import { classifiersModerateChat } from '@mistralai/mistralai/funcs/classifiersModerateChat.js';
import { embeddingsCreate } from '@mistralai/mistralai/funcs/embeddingsCreate.js';
import { fimComplete } from '@mistralai/mistralai/funcs/fimComplete.js';
import { ocrProcess } from '@mistralai/mistralai/funcs/ocrProcess.js';
import { startMockServer } from '../../mock-api/server';

const KEY = 'mock-sync-key-123';

function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw r.error instanceof Error ? r.error : new Error(String(r.error));
  return r.value;
}

test('every synchronous endpoint answers the SDK\'s typed functions in shapes they parse, the same each time', async () => {
  const mock = await startMockServer({ apiKey: KEY, streamDelayMs: 0 });
  const sdk = new MistralCore({ serverURL: mock.url, apiKey: KEY });
  try {
    const messages = [{ role: 'user' as const, content: 'What is 2 + 2?' }];
    const chat = unwrap(await chatComplete(sdk, { model: 'mistral-small-latest', messages }));
    assert.match(String(chat.choices[0].message?.content), /^Mock answer to "What is 2 \+ 2\?"/);
    assert.equal(chat.choices[0].finishReason, 'stop');
    assert.deepEqual(unwrap(await chatComplete(sdk, { model: 'mistral-small-latest', messages })), chat, 'deterministic');

    let streamed = '';
    let finish: string | null = null;
    let usage: number | undefined;
    for await (const event of unwrap(await chatStream(sdk, { model: 'mistral-small-latest', messages }))) {
      streamed += String(event.data.choices[0]?.delta.content ?? '');
      finish = event.data.choices[0]?.finishReason ?? finish;
      usage = event.data.usage?.totalTokens ?? usage;
    }
    assert.equal(streamed, chat.choices[0].message?.content);
    assert.equal(finish, 'stop');
    assert.ok(usage !== undefined && usage === chat.usage?.totalTokens, `usage ${usage}`);

    const emb = unwrap(await embeddingsCreate(sdk, { model: 'mistral-embed', inputs: ['a', 'b'] }));
    assert.deepEqual(emb.data.map((d) => d.embedding?.length), [1024, 1024]);
    assert.notDeepEqual(emb.data[0].embedding, emb.data[1].embedding);
    const fim = unwrap(await fimComplete(sdk, { model: 'codestral-latest', prompt: 'def f():' }));
    assert.equal(fim.choices[0].finishReason, 'stop');
    const ocr = unwrap(await ocrProcess(sdk, { model: 'mistral-ocr-latest', document: { type: 'document_url', documentUrl: 'https://example.com/a.pdf' } }));
    assert.equal(ocr.pages.length, ocr.usageInfo.pagesProcessed);
    const mod = unwrap(await classifiersModerate(sdk, { model: 'mistral-moderation-latest', inputs: ['violent words'] }));
    assert.equal(mod.results[0].categories?.violence_and_threats, true);
    const modChat = unwrap(await classifiersModerateChat(sdk, { model: 'mistral-moderation-latest', inputs: messages }));
    assert.equal(modChat.results.length, 1);
    const cls = unwrap(await classifiersClassify(sdk, { model: 'ft:classifier', inputs: 'great' }));
    const sentiment = cls.results[0].sentiment;
    assert.ok(sentiment && Object.values(sentiment.scores).length === 3 && Object.values(sentiment.scores).every((v) => v >= 0 && v <= 1));
    unwrap(await classifiersClassifyChat(sdk, { model: 'ft:classifier', input: [{ messages }] }));
    const conv = unwrap(await betaConversationsStart(sdk, { model: 'mistral-medium-latest', inputs: 'Hello' }));
    assert.equal(conv.object, 'conversation.response');
    const audio = unwrap(await audioTranscriptionsComplete(sdk, { model: 'voxtral-mini-latest', fileUrl: 'https://example.com/a.mp3' }));
    assert.match(audio.text, /^Mock transcript of https:\/\/example\.com\/a\.mp3/);

  } finally {
    await mock.close();
  }
});
