// Which request to try, read from a batch file's text or a .jsonl input's line, and the body as it
// will be sent: as written, with the job's model where the body names none.
import { parse, ParseError } from 'jsonc-parser';
import type { CheckedProblem } from '../protocol';

export interface TryJob {
  endpoint: string;
  model?: string;
}

export interface TryTarget {
  job: TryJob;
  /** 0-based index in `requests`, or the 0-based line of a .jsonl input. */
  index: number;
  /** Where the request is, for messages: "request ticket-1" or "line 3". */
  label: string;
  customId?: string;
  body: Record<string, unknown>;
}

/** The request cannot be tried as asked (not found, no endpoint, no body, errors): nothing was sent. */
export class TryError extends Error {
  override readonly name = 'TryError';
  /** When refused for its errors: the first ones, as the language server's check found them. */
  constructor(
    message: string,
    readonly problems: CheckedProblem[] = [],
    /** "declined": the user chose not to send it (or cancelled before anything was sent). */
    readonly kind: 'refused' | 'declined' = 'refused',
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The request picked by `customId` or by index from a batch file's text. */
export function batchTarget(text: string, pick: { index: number } | { customId: string }): TryTarget {
  const errors: ParseError[] = [];
  // Tolerant: the check has already vetted the job and this request; a problem elsewhere does not matter here.
  const root: unknown = parse(text, errors, { allowTrailingComma: true });
  if (!isObject(root)) throw new TryError('The file is not a batch job (a JSON object with "endpoint" and "requests").');
  if (typeof root.endpoint !== 'string') throw new TryError('The batch job has no "endpoint", so there is nothing to try the request against.');
  const requests = Array.isArray(root.requests) ? root.requests : [];
  const index = 'index' in pick ? pick.index : requests.findIndex((r) => isObject(r) && r.custom_id === pick.customId);
  if (index < 0 || index >= requests.length) {
    const ids = requests.map((r) => (isObject(r) && typeof r.custom_id === 'string' ? r.custom_id : undefined)).filter((id) => id !== undefined);
    const which = 'customId' in pick ? `no request has custom_id "${pick.customId}"` : `there is no request ${pick.index + 1}`;
    throw new TryError(requests.length === 0
      ? `${which}: the file has no inline "requests" (requests in input_files can be tried from their .jsonl file).`
      : `${which}; the file's custom_ids are: ${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', …' : ''}.`);
  }
  const job: TryJob = { endpoint: root.endpoint, ...(typeof root.model === 'string' ? { model: root.model } : {}) };
  return targetOf(requests[index], job, index, (id) => (id !== undefined ? `request ${id}` : `request ${index + 1}`));
}

/** Line `line` (1-based, as editors and the CLI count) of a .jsonl input of `job`. */
export function jsonlTarget(text: string, line: number, job: TryJob): TryTarget {
  const lines = text.split(/\r?\n/);
  const source = lines[line - 1];
  if (source === undefined || source.trim() === '') throw new TryError(`line ${line} ${source === undefined ? `is past the end of the file (${lines.length} lines)` : 'is blank'}: pick a line that holds a request.`);
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (e) {
    throw new TryError(`line ${line} is not JSON (${(e as Error).message}).`);
  }
  return targetOf(value, job, line - 1, () => `line ${line}`);
}

function targetOf(request: unknown, job: TryJob, index: number, label: (customId: string | undefined) => string): TryTarget {
  const customId = isObject(request) && typeof request.custom_id === 'string' ? request.custom_id : undefined;
  if (!isObject(request) || !isObject(request.body)) throw new TryError(`${label(customId)} has no "body" object to send.`);
  return { job, index, label: label(customId), ...(customId !== undefined ? { customId } : {}), body: withJobModel(request.body, job.model) };
}

/** The job runs one model; a body without its own gets it, as the batch would. */
export function withJobModel(body: Json, model: string | undefined): Json {
  return model === undefined || typeof body.model === 'string' ? body : { model, ...body };
}

/** The API's complaints about a tried body (paths from the body) as paths in the batch file. */
export function pathInBatchFile(target: TryTarget, bodyPath: ReadonlyArray<string | number>): Array<string | number> {
  return ['requests', target.index, 'body', ...bodyPath];
}
