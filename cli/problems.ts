// Problems printed the way compilers print them (file:line:col: severity: message, 1-based), so
// terminals and CI annotators link them to the source.
import { dirname, resolve } from 'node:path';
import { Diagnostic } from 'vscode-languageserver-types';
import { checkBatch } from '../server/analysis/check';
import type { BatchChecker } from '../core/submit';

const SEVERITY = ['', 'error', 'warning', 'info', 'hint'];

export function formatProblem(file: string, line0: number, character0: number, severity: string, message: string): string {
  return `${file}:${line0 + 1}:${character0 + 1}: ${severity}: ${message}`;
}

export function formatDiagnostic(file: string, d: Diagnostic): string {
  return formatProblem(file, d.range.start.line, d.range.start.character, SEVERITY[d.severity ?? 1] ?? 'error', d.message);
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The submission checker for the CLI: the language server's rules, run in-process. Every problem goes
 * to `print`, warnings too, as `validate` would show them: a job that runs anyway should not hide them.
 */
export function cliChecker(displayPath: string, print: (line: string) => void): BatchChecker {
  return {
    check: async (text, batchFile) => {
      const { diagnostics, errors, warnings } = checkBatch(text, { maxProblems: Number.POSITIVE_INFINITY, folder: dirname(resolve(batchFile)) });
      for (const d of diagnostics) print(formatDiagnostic(displayPath, d));
      return { errors, warnings };
    },
  };
}
