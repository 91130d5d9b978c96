// Problems printed the way compilers print them (file:line:col: severity: message, 1-based), so
// terminals and CI annotators link them to the source.
import { Diagnostic } from 'vscode-languageserver-types';

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
