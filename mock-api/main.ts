// Starts the mock Mistral API from the command line, for demos and end-to-end tests:
//   node out/mock-api/main.js [--port N] [--host H] [--key KEY] [--steps N] [--quiet]
// It prints the URL on the first stdout line ("Mock Mistral API listening on http://127.0.0.1:PORT"),
// so a parent process can read it when it asked for port 0.
import { startMockServer } from './server';

const USAGE = `Usage: mock-api [--port N] [--host H] [--key KEY] [--steps N] [--quiet]
  --port   port to listen on (default 0: any free port)
  --host   address to bind (default 127.0.0.1)
  --key    the only API key accepted (default: any non-empty key)
  --steps  polls a job takes from QUEUED to its end (default 3)
  --quiet  do not log requests`;

function parseArgs(argv: string[]): { port: number; host: string; key?: string; steps: number; quiet: boolean } {
  const out = { port: 0, host: '127.0.0.1', key: undefined as string | undefined, steps: 3, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--port') out.port = Number(value());
    else if (arg === '--host') out.host = value();
    else if (arg === '--key') out.key = value();
    else if (arg === '--steps') out.steps = Number(value());
    else if (arg === '--quiet') out.quiet = true;
    else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown option ${arg}`);
  }
  if (!Number.isInteger(out.port) || out.port < 0 || out.port > 65535) throw new Error('--port must be 0..65535');
  if (!Number.isInteger(out.steps) || out.steps < 1) throw new Error('--steps must be a positive integer');
  return out;
}

async function main(): Promise<void> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`mock-api: ${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const server = await startMockServer({
    port: args.port,
    host: args.host,
    apiKey: args.key,
    steps: args.steps,
    log: args.quiet ? undefined : (line) => console.error(line),
  });
  console.log(`Mock Mistral API listening on ${server.url}`);
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
