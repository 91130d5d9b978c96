// Every request handler runs through here: an exception is logged and answered with a neutral
// result, so one bad document can never take the server down; cancelled requests stop early.
import { CancellationToken, LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';

export interface Logger {
  error(message: string): void;
}

export function runSafe<T>(log: Logger, name: string, token: CancellationToken | undefined, fallback: T, work: () => T): T | ResponseError<void> {
  if (token?.isCancellationRequested) return cancelled();
  try {
    const result = work();
    return token?.isCancellationRequested ? cancelled() : result;
  } catch (e) {
    log.error(`${name} failed: ${describeError(e)}`);
    return fallback;
  }
}

export function describeError(e: unknown): string {
  if (e instanceof Error) return e.stack ?? `${e.name}: ${e.message}`;
  return String(e);
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
}
