// mistral-batch: check and submit Mistral batch files from a terminal or CI, with the same engine and
// submission core as the editor.
import { submitCommand, SubmitArgs } from './submit';
import { validateCommand } from './validate';
import { redactSecrets } from '../core/api';
import type { Io } from './io';

const USAGE = `Usage:
  mistral-batch validate FILE...
      Check batch files; prints file:line:col: severity: message for each problem.
      Exit code: 0 no errors, 1 errors found, 2 a file could not be read.
  mistral-batch submit FILE [--wait] [--force] [--poll-interval SECONDS] [--base-url URL] [--timeout SECONDS]
      Check FILE, upload its local .jsonl inputs, create the batch job and print its id.
      Exit code: 0 submitted, 1 refused or failed, 2 setup problem (key, base URL, file),
      3 an earlier attempt with this content may have created the job, 130 interrupted.
      --wait                follow the job to its end and write <name>.results.jsonl (and
                            <name>.errors.jsonl) beside FILE; exit 0 only if it ends in SUCCESS
      --force               submit even though an earlier attempt with the same content ended
                            without knowing whether the job was created
      --poll-interval SECS  time between status checks with --wait (default 15)
      --base-url URL        API address (default $MISTRAL_BASE_URL, else https://api.mistral.ai)
      --timeout SECS        how long a request may wait for an answer (default 30)
      The key is read from the MISTRAL_API_KEY environment variable.
  mistral-batch --help`;

class UsageError extends Error {}

function positiveNumber(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} needs a positive number of seconds`);
  return n;
}

function parseSubmit(argv: string[]): SubmitArgs {
  const files: string[] = [];
  const args: Omit<SubmitArgs, 'file'> = { wait: false, force: false, pollIntervalSeconds: 15 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    if (flag === '--wait') args.wait = true;
    else if (flag === '--force') args.force = true;
    else if (flag === '--poll-interval') args.pollIntervalSeconds = positiveNumber(flag, value());
    else if (flag === '--timeout') args.timeoutSeconds = positiveNumber(flag, value());
    else if (flag === '--base-url') {
      const v = value();
      if (!v) throw new UsageError('--base-url needs a URL');
      args.baseUrl = v;
    } else if (flag.startsWith('-') && flag !== '-') throw new UsageError(`unknown option ${flag}`);
    else files.push(arg);
  }
  if (files.length !== 1) throw new UsageError('submit takes exactly one batch file');
  return { file: files[0], ...args };
}

/**
 * The one place every printed line passes through: the key is blanked out of it, whatever quoted it
 * (a server's message, a base URL it was pasted into, an option's value).
 */
export function redactingIo(io: Io): Io {
  const key = io.env.MISTRAL_API_KEY?.trim();
  const secrets = key ? [key] : [];
  return { ...io, out: (line) => io.out(redactSecrets(line, secrets)), err: (line) => io.err(redactSecrets(line, secrets)) };
}

export async function run(argv: string[], rawIo: Io): Promise<number> {
  const io = redactingIo(rawIo);
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      (command === undefined ? io.err : io.out)(USAGE);
      return command === undefined ? 2 : 0;
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(USAGE);
      return 0;
    }
    if (command === 'validate') {
      const unknown = rest.find((a) => a.startsWith('-') && a !== '-');
      if (unknown) throw new UsageError(`unknown option ${unknown}`);
      if (rest.length === 0) throw new UsageError('validate needs at least one file');
      return await validateCommand(rest, io);
    }
    if (command === 'submit') return await submitCommand(parseSubmit(rest), io);
    throw new UsageError(`unknown command "${command}"`);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`mistral-batch: ${err.message}\n\n${USAGE}`);
    return 2;
  }
}

if (require.main === module) {
  const interrupt = new AbortController();
  // First Ctrl-C stops cleanly (nothing half-created); a second one kills as usual.
  process.once('SIGINT', () => interrupt.abort());
  const io: Io = redactingIo({
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    signal: interrupt.signal,
  });
  run(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      io.err(`mistral-batch: internal error: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    },
  );
}
