// `mistral-batch try FILE --request CUSTOM_ID` (or `--index N`), and `try FILE.jsonl --line N`:
// one request sent as an ordinary call after the same check as the editor's. A chat answer is
// printed as it streams, line by line; then the finish reason, tokens and latency.
// Exit code: 0 answered, 1 refused (errors) or failed, 2 usage or setup problem, 130 interrupted.
import { readdir } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { parse } from 'jsonc-parser';
import { ApiError } from '../core/api';
import { locateJsonPath, readText } from '../core/submit';
import {
  answerFacts, batchTarget, checkAndTry, contentText, jsonlTarget, pathInBatchFile, rawJson, renderAnswer, RequestChecker, TryAnswer, TryError, TryJob, TryTarget,
} from '../core/try';
import { checkJsonlLine, checkRequestText } from '../server/analysis/requestCheck';
import { ApiArgs, connect, exitCodeFor, FAILED, SETUP_PROBLEM } from './api';
import type { Io } from './io';
import { formatProblem } from './problems';

export interface TryArgs extends ApiArgs {
  file: string;
  pick: { customId: string } | { index: number } | { line: number };
  /** For a .jsonl: the job's endpoint and model, when no batch file beside it names it. */
  endpoint?: string;
  model?: string;
  /** Print the answer's JSON instead of the readable rendering. */
  raw: boolean;
}

export async function tryCommand(args: TryArgs, io: Io): Promise<number> {
  let text: string;
  try {
    text = await readText(args.file);
  } catch (err) {
    io.err(`mistral-batch: cannot read ${args.file}: ${err instanceof Error ? err.message : String(err)}`);
    return SETUP_PROBLEM;
  }
  let target: TryTarget;
  let checker: RequestChecker;
  try {
    if ('line' in args.pick) {
      const job = await jobOfJsonl(args, io);
      if (typeof job === 'number') return job;
      target = jsonlTarget(text, args.pick.line, job);
      checker = { check: async (t) => checkJsonlLine(text, t.index, job.endpoint, job.model) };
    } else {
      target = batchTarget(text, args.pick);
      checker = { check: async (t) => checkRequestText(text, t.index) };
    }
  } catch (err) {
    if (!(err instanceof TryError)) throw err;
    io.err(`mistral-batch: ${args.file}: ${err.message}`);
    return FAILED;
  }
  const api = connect(args, io);
  if (typeof api === 'number') return api;

  // The heading comes with the answer: a refused request prints only its problems.
  const printer = streamPrinter(io, `## ${target.label} · \`${target.job.endpoint}\`\n`);
  let answer: TryAnswer;
  try {
    answer = await checkAndTry(target, { api, checker, signal: io.signal, onUpdate: args.raw ? undefined : printer.update });
  } catch (err) {
    if (err instanceof TryError) {
      for (const p of err.problems) io.err(formatProblem(args.file, p.line, p.character, 'error', p.message));
      io.err(`mistral-batch: ${err.message}`);
      return FAILED;
    }
    if (!(err instanceof ApiError)) throw err;
    printer.flush();
    // A 422's fields are in the body: named at their place in the batch file, as submit names a job's.
    if ('line' in args.pick) {
      for (const p of err.problems) io.err(`mistral-batch: ${args.file}:${args.pick.line}: body.${p.path.join('.')}: ${p.message}`);
    } else {
      for (const p of err.problems) {
        const at = locateJsonPath(text, pathInBatchFile(target, p.path)).start;
        io.err(formatProblem(args.file, at.line, at.character, 'error', `the API rejected this: ${p.message}`));
      }
    }
    io.err(`mistral-batch: ${err.message}`);
    return exitCodeFor(err);
  }
  if (args.raw) io.out(rawJson(answer));
  else if (answer.chunks !== undefined) {
    printer.flush();
    io.out('');
    io.out(answerFacts(answer));
  } else io.out(renderAnswer(answer).trimEnd());
  return 0;
}

/** Prints a streamed chat text as its lines complete. */
function streamPrinter(io: Io, heading: string): { update: (a: TryAnswer) => void; flush: () => void } {
  let printed = 0;
  let text = '';
  let headed = false;
  const head = () => {
    if (!headed) io.out(heading);
    headed = true;
  };
  return {
    update: (a) => {
      head();
      const choices = (a.raw as { choices?: { message?: { content?: unknown } }[] } | undefined)?.choices;
      text = contentText(choices?.[0]?.message?.content);
      const end = text.lastIndexOf('\n');
      if (end >= printed) {
        for (const line of text.slice(printed, end).split('\n')) io.out(line);
        printed = end + 1;
      }
    },
    flush: () => {
      head();
      if (printed < text.length) io.out(text.slice(printed));
      printed = text.length;
    },
  };
}

/**
 * The job a .jsonl line belongs to: --endpoint (and --model), else the batch file in the same folder
 * or the one above that names this file in its input_files.
 */
async function jobOfJsonl(args: TryArgs, io: Io): Promise<TryJob | number> {
  if (args.endpoint !== undefined) return { endpoint: args.endpoint, ...(args.model !== undefined ? { model: args.model } : {}) };
  const file = resolve(args.file);
  for (const folder of [dirname(file), dirname(dirname(file))]) {
    const names = await readdir(folder).catch(() => [] as string[]);
    for (const name of names.filter((n) => /\.batch\.json$/i.test(n)).sort()) {
      const json: unknown = parse(await readText(join(folder, name)).catch(() => ''));
      const job = json as { endpoint?: unknown; model?: unknown; input_files?: unknown };
      const inputs = Array.isArray(job?.input_files) ? job.input_files : [];
      if (typeof job?.endpoint === 'string' && inputs.some((i) => typeof i === 'string' && resolve(folder, i) === file)) {
        io.err(`Trying it as an input of ${relative(process.cwd(), join(folder, name)) || name} (${job.endpoint}).`);
        return { endpoint: job.endpoint, ...(typeof args.model === 'string' ? { model: args.model } : typeof job.model === 'string' ? { model: job.model } : {}) };
      }
    }
  }
  io.err(`mistral-batch: no batch file beside ${args.file} names it in input_files, so its endpoint is unknown: pass --endpoint (and --model).`);
  return SETUP_PROBLEM;
}
