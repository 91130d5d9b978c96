// One log for the extension: a LogOutputChannel with levels. The API key never reaches it.
import * as vscode from 'vscode';

export interface Log {
  readonly channel: vscode.LogOutputChannel;
  info(message: string): void;
  warn(message: string): void;
  /** Errors also reveal the channel, so the user sees what went wrong. */
  error(message: string, reveal?: boolean): void;
}

export function createLog(): Log {
  const channel = vscode.window.createOutputChannel('Mistral Batch', { log: true });
  return {
    channel,
    info: (m) => channel.info(m),
    warn: (m) => channel.warn(m),
    error: (m, reveal = true) => {
      channel.error(m);
      if (reveal) channel.show(true);
    },
  };
}
