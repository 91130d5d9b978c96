// Entry point: the transport comes from the command line (`--stdio`, `--node-ipc`, `--socket=N`),
// so the same bundle serves VS Code and any other LSP client.
import { ProposedFeatures, StreamMessageWriter, createConnection } from 'vscode-languageserver/node';
import { FramedMessageReader } from './messageReader';
import { describeError } from './runner';
import { startServer } from './server';

// Over stdio, the framed reader reads the client's messages (a large document once, not chunk by chunk).
const stdio = process.argv.includes('--stdio');
const connection = stdio
  ? createConnection(ProposedFeatures.all, new FramedMessageReader(process.stdin), new StreamMessageWriter(process.stdout))
  : createConnection(ProposedFeatures.all);

if (stdio) {
  // What the library does for the streams it opens itself: the client gone, the server goes too.
  let shutdown = false;
  connection.onShutdown(() => {
    shutdown = true;
  });
  const exit = () => process.exit(shutdown ? 0 : 1);
  process.stdin.on('end', exit);
  process.stdin.on('close', exit);
}

// Anything written to stdout would corrupt the stdio transport: route console output to the client's log.
console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
console.info = (...args: unknown[]) => connection.console.info(args.map(String).join(' '));
console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(' '));
console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));

process.on('unhandledRejection', (reason) => connection.console.error(`unhandled rejection: ${describeError(reason)}`));
process.on('uncaughtException', (error) => connection.console.error(`uncaught exception: ${describeError(error)}`));

startServer(connection);
