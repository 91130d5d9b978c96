// The one Try flow behind the editor and the CLI: find the request → check it with the language
// server's rules → refuse on errors (nothing sent) → send it → the answer.
import type { CheckedProblem } from '../protocol';
import { TryAnswer, tryRequest, TryOptions } from './run';
import { TryError, TryTarget } from './target';

/** The language server's verdict on one request and its job (CheckFileRequest with `request`). */
export interface RequestChecker {
  check(target: TryTarget): Promise<{ errors: number; problems?: CheckedProblem[] }>;
}

export interface CheckAndTryOptions extends TryOptions {
  checker: RequestChecker;
  /** Asked after the check passed, before anything is sent (the editor's first-Try cost question). */
  confirm?: () => Promise<boolean>;
}

export async function checkAndTry(target: TryTarget, opts: CheckAndTryOptions): Promise<TryAnswer> {
  const verdict = await opts.checker.check(target);
  if (verdict.errors > 0) {
    const problems = verdict.problems ?? [];
    const first = problems[0] ? `: line ${problems[0].line + 1}: ${problems[0].message}` : '';
    throw new TryError(`${target.label} was not sent: it has ${verdict.errors} error${verdict.errors === 1 ? '' : 's'}${first}. Fix ${verdict.errors === 1 ? 'it' : 'them'} and try again.`, problems);
  }
  if (opts.confirm && !(await opts.confirm())) throw new TryError(`${target.label} was not sent.`, [], 'declined');
  if (opts.signal?.aborted) throw new TryError(`${target.label} was not sent: cancelled.`, [], 'declined');
  return tryRequest(target, opts);
}
