// The summary of a batch file's job from the files beside it: the results and errors files, and the
// requests (inline, or the lines of local .jsonl inputs) to tell which got no line at all.
import { dirname, resolve } from 'node:path';
import { BatchFileJson, isLocalPath, resultPathsFor } from '../submit/batchFile';
import { readText } from '../submit/readText';
import { nodeFiles, ResultFiles } from './files';
import { ResultIndex } from './resultIndex';
import { ResultSummary, summarize } from './summary';

/** The custom_ids a batch file asks for, inline and in its local inputs; unreadable parts give none. */
export async function requestIdsOf(batchFile: string): Promise<string[]> {
  const path = resolve(batchFile);
  let json: BatchFileJson;
  try {
    json = JSON.parse(await readText(path)) as BatchFileJson;
  } catch {
    return [];
  }
  const idOf = (r: unknown) => (typeof r === 'object' && r !== null ? (r as { custom_id?: unknown }).custom_id : undefined);
  const ids: unknown[] = Array.isArray(json.requests) ? json.requests.map(idOf) : [];
  for (const entry of Array.isArray(json.input_files) ? json.input_files : []) {
    if (!isLocalPath(entry)) continue;
    const text = await readText(resolve(dirname(path), entry)).catch(() => '');
    for (const line of text.split('\n')) {
      try {
        if (line.trim() !== '') ids.push(idOf(JSON.parse(line)));
      } catch {
        // Not a request the API could have run.
      }
    }
  }
  return ids.filter((id): id is string => typeof id === 'string');
}

/** Undefined when no results or errors file lies beside the batch file. */
export async function summarizeBatchFile(batchFile: string, files: ResultFiles = nodeFiles): Promise<ResultSummary | undefined> {
  const index = await ResultIndex.build(files, resultPathsFor(batchFile));
  return index ? summarize(index, await requestIdsOf(batchFile)) : undefined;
}
