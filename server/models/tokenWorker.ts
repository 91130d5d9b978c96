// The token counter's own thread (see tokenCounter.ts): counts each batch it is sent, in order.
import { parentPort } from 'node:worker_threads';
import { PromptParts, countPromptTokensCached } from '../../core/tokens/prompt';
import { lowerThisThreadsPriority } from '../background';
import type { CountReply } from './tokenCounter';

lowerThisThreadsPriority();

parentPort?.on('message', ({ id, parts }: { id: number; parts: PromptParts[] }) => {
  let reply: CountReply;
  try {
    reply = { id, counts: parts.map(countPromptTokensCached) };
  } catch (e) {
    reply = { id, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort?.postMessage(reply);
});
