// Entry point: the transport comes from the command line (`--stdio`, `--node-ipc`, `--socket=N`),
// so the same bundle serves VS Code and any other LSP client.
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { countingStrategy } from './background';
import { describeError } from './runner';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all, { messageStrategy: countingStrategy });

// Anything written to stdout would corrupt the stdio transport: route console output to the client's log.
console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
console.info = (...args: unknown[]) => connection.console.info(args.map(String).join(' '));
console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(' '));
console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));

process.on('unhandledRejection', (reason) => connection.console.error(`unhandled rejection: ${describeError(reason)}`));
process.on('uncaughtException', (error) => connection.console.error(`uncaught exception: ${describeError(error)}`));

startServer(connection);
