// The results and errors files a job leaves beside its batch file: documents the server reads too
// (definition from a line to its request), and files whose changes it must hear about.
import type { DocumentSelector } from 'vscode-languageclient/node';

export const RESULTS_GLOB = '**/*.{results,errors}.jsonl';

export const RESULTS_SELECTOR: DocumentSelector = [{ scheme: 'file', pattern: RESULTS_GLOB }];
