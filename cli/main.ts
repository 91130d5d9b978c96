// mistral-batch: check and submit Mistral batch files, and look after their jobs, from a terminal or
// CI, with the same engine and submission core as the editor.
import { version } from '../package.json';
import { redactSecrets } from '../core/api';
import { batchSchemas } from '../server/schema/load';
import type { ApiArgs } from './api';
import type { Io } from './io';
import { cancelCommand, downloadCommand, JobArgs, statusCommand } from './jobs';
import { submitCommand, SubmitArgs } from './submit';
import { splitCommand, SplitArgs } from './split';
import { validateCommand, ValidateArgs } from './validate';

const USAGE = `Usage:
  mistral-batch validate FILE... [--endpoint E] [--model M] [--all]
      Check batch files and .jsonl inputs; prints file:line:col: severity: message for every problem
      (for .jsonl inputs, the first 1000 and how many more; --all prints them all).
      A .jsonl file is checked on its own against --endpoint E (else the endpoint its bodies show)
      and --model M (the job's model, if its bodies name one).
      Exit code: 0 no errors, 1 errors found, 2 a file could not be read.
  mistral-batch split FILE.jsonl --lines N
      Write FILE.part-1.jsonl, FILE.part-2.jsonl, ... of at most N lines (and 512 MB) each, and print
      the input_files entries that list them.
  mistral-batch submit FILE [--wait] [--force] [--all] [--poll-interval SECONDS] [--base-url URL] [--timeout SECONDS]
      Check FILE (printing its problems), upload its local .jsonl inputs, create the batch job and
      print its id.
      Exit code: 0 submitted, 1 refused or failed, 2 setup problem (key missing or rejected, base
      URL, unreadable file), 3 an earlier attempt with this content may have created the job,
      130 interrupted.
      --wait                follow the job to its end and write <name>.results.jsonl (and
                            <name>.errors.jsonl) beside FILE; exit 0 only if it ends in SUCCESS
      --force               submit even though an earlier attempt with the same content ended
                            without knowing whether the job was created
      --poll-interval SECS  time between status checks with --wait (default 15, at least 1)
  mistral-batch status JOB_ID
      Print the job's status, request counts, files and error messages.
  mistral-batch download JOB_ID [--out DIR]
      Write a finished job's <name>.results.jsonl and <name>.errors.jsonl, like submit --wait:
      beside the batch file it was submitted from on this machine, else in the current folder
      (named after the job id); --out DIR writes them to DIR.
  mistral-batch cancel JOB_ID
      Ask the API to stop the job; requests already done are kept.
  Options of submit, status, download and cancel:
      --base-url URL        API address (default $MISTRAL_BASE_URL, else https://api.mistral.ai)
      --timeout SECS        how long a request may wait for an answer (default 30)
      The key is read from the MISTRAL_API_KEY environment variable.
      status, download and cancel exit 0 on success, 1 on failure, 2 on a setup problem.
  mistral-batch --help | --version`;

class UsageError extends Error {}

function seconds(flag: string, value: string | undefined, min: number): number {
  const n = Number(value);
  if (value === undefined || value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} needs a positive number of seconds`);
  if (n < min) throw new UsageError(`${flag} must be at least ${min} second${min === 1 ? '' : 's'} (got ${value})`);
  return n;
}

/** Options as `--flag value` or `--flag=value`; `flags` are those without a value. */
function parseOptions(argv: string[], flags: string[], valued: string[]): { positional: string[]; options: Map<string, string | true> } {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flags.includes(flag) && inline === undefined) options.set(flag, true);
    else if (valued.includes(flag)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') throw new UsageError(`${flag} needs a value`);
      options.set(flag, value);
    } else if (flag.startsWith('-') && flag !== '-') throw new UsageError(`unknown option ${flag}`);
    else positional.push(arg);
  }
  return { positional, options };
}

const API_OPTIONS = ['--base-url', '--timeout'];

function apiArgs(options: Map<string, string | true>): ApiArgs {
  const baseUrl = options.get('--base-url');
  const timeout = options.get('--timeout');
  return {
    ...(typeof baseUrl === 'string' ? { baseUrl } : {}),
    ...(typeof timeout === 'string' ? { timeoutSeconds: seconds('--timeout', timeout, 0) } : {}),
  };
}

function parseSubmit(argv: string[]): SubmitArgs {
  const { positional, options } = parseOptions(argv, ['--wait', '--force', '--all'], ['--poll-interval', ...API_OPTIONS]);
  if (positional.length !== 1) throw new UsageError('submit takes exactly one batch file');
  const poll = options.get('--poll-interval');
  return {
    file: positional[0],
    wait: options.has('--wait'),
    force: options.has('--force'),
    all: options.has('--all'),
    // Polling faster than once a second only spends the rate limit.
    pollIntervalSeconds: typeof poll === 'string' ? seconds('--poll-interval', poll, 1) : 15,
    ...apiArgs(options),
  };
}

function parseValidate(argv: string[]): ValidateArgs {
  const { positional, options } = parseOptions(argv, ['--all'], ['--endpoint', '--model']);
  if (positional.length === 0) throw new UsageError('validate needs at least one file');
  const endpoint = options.get('--endpoint');
  const endpoints = [...batchSchemas().bodyUris.keys()];
  if (typeof endpoint === 'string' && !endpoints.includes(endpoint)) throw new UsageError(`--endpoint must be one of ${endpoints.join(', ')} (got ${endpoint})`);
  const model = options.get('--model');
  return { files: positional, all: options.has('--all'), ...(typeof endpoint === 'string' ? { endpoint } : {}), ...(typeof model === 'string' ? { model } : {}) };
}

function parseSplit(argv: string[]): SplitArgs {
  const { positional, options } = parseOptions(argv, [], ['--lines']);
  if (positional.length !== 1) throw new UsageError('split takes exactly one .jsonl file');
  const lines = Number(options.get('--lines'));
  if (!Number.isInteger(lines) || lines < 1) throw new UsageError('split needs --lines N, a whole number of lines per part (at most 1000000)');
  return { file: positional[0], lines };
}

function parseJob(command: string, argv: string[]): JobArgs {
  const { positional, options } = parseOptions(argv, [], command === 'download' ? ['--out', ...API_OPTIONS] : API_OPTIONS);
  if (positional.length !== 1) throw new UsageError(`${command} takes exactly one job id`);
  const out = options.get('--out');
  return { jobId: positional[0], ...(typeof out === 'string' ? { out } : {}), ...apiArgs(options) };
}

/**
 * The one place every printed line passes through: the key is blanked out of it, whatever quoted it
 * (a server's message, a base URL it was pasted into, an option's value).
 */
function redactingIo(io: Io): Io {
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
    if (command === 'validate') return await validateCommand(parseValidate(rest), io);
    if (command === 'split') return await splitCommand(parseSplit(rest), io);
    if (command === '--version' || command === '-v') {
      io.out(version);
      return 0;
    }
    if (command === 'submit') return await submitCommand(parseSubmit(rest), io);
    if (command === 'status') return await statusCommand(parseJob(command, rest), io);
    if (command === 'download') return await downloadCommand(parseJob(command, rest), io);
    if (command === 'cancel') return await cancelCommand(parseJob(command, rest), io);
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
  const io: Io = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    signal: interrupt.signal,
  };
  run(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      redactingIo(io).err(`mistral-batch: internal error: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    },
  );
}
