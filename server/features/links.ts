// Local `input_files` paths as links that open the .jsonl. Only files that are there: a missing one
// already has its error, and a link to nothing would only fail.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DocumentLink } from 'vscode-languageserver-types';
import { BatchAnalysis } from '../analysis/analysis';
import { PositionMap } from '../text/document';

export function documentLinks(analysis: BatchAnalysis, doc: PositionMap, folder: string | undefined): DocumentLink[] {
  if (folder === undefined) return [];
  return analysis.localInputs().flatMap((input) => {
    const path = resolve(folder, input.written);
    if (!isFile(path)) return [];
    // Inside the quotes: the path itself is the link.
    return [{ range: { start: doc.positionAt(input.start + 1), end: doc.positionAt(input.end - 1) }, target: pathToFileURL(path).href, tooltip: `Open ${input.written}` }];
  });
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
