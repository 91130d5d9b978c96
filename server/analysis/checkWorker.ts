// A thread that checks runs of .jsonl lines with fresh engines (see parallelCheck.ts), in order.
import { parentPort } from 'node:worker_threads';
import { batchSchemas } from '../schema/load';
import { LinesJob, LinesReply, checkAfresh } from './parallelCheck';

parentPort?.on('message', ({ id, config, n0, lines }: LinesJob) => {
  let reply: LinesReply;
  try {
    reply = { id, checked: checkAfresh(batchSchemas(), config, lines, n0) };
  } catch (e) {
    reply = { id, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort?.postMessage(reply);
});
