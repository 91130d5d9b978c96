// One result or error line read as the outcome of its request. The documented line is
// `{id, custom_id, response: {status_code, body}, error}`; errors are read from either a non-200
// `response` with an error body or a non-null `error` (the API documents neither with an example).

export interface Usage {
  prompt: number;
  completion: number;
  total: number;
}

export interface Outcome {
  customId: string | undefined;
  ok: boolean;
  /** The HTTP status of the request's own response, when the line gives one. */
  statusCode: number | undefined;
  /** The answer's text, first lines only (chat, FIM, conversations, transcriptions). */
  answer: string | undefined;
  /** True when `answer` was cut. */
  answerCut: boolean;
  /** A one-line description of a result that is not text (embeddings, OCR, moderation, classification). */
  summary: string | undefined;
  finishReason: string | undefined;
  usage: Usage | undefined;
  /** For a failure: what went wrong, as the API says it. */
  error: string | undefined;
}

const ANSWER_LINES = 20;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * The outcome of one parsed line; a line that is not an object reads as a failure that says so.
 * Without `content`, the answer and summary are left out (indexing needs only status, tokens, error).
 */
export function outcomeOf(line: unknown, content = true): Outcome {
  const base: Outcome = {
    customId: undefined, ok: false, statusCode: undefined, answer: undefined, answerCut: false, summary: undefined,
    finishReason: undefined, usage: undefined, error: undefined,
  };
  if (!isObj(line)) return { ...base, error: 'the line is not a JSON object' };
  const customId = str(line.custom_id) ?? (typeof line.custom_id === 'number' ? String(line.custom_id) : undefined);
  const response = isObj(line.response) ? line.response : undefined;
  const statusCode = num(response?.status_code);
  const body = response?.body;
  const lineError = errorMessage(line.error);
  const ok = lineError === undefined && (statusCode === undefined ? response !== undefined : statusCode >= 200 && statusCode < 300);
  if (!ok) {
    const error = lineError ?? errorMessage(body) ?? (response ? `status ${statusCode ?? 'unknown'} with no message` : 'the line has no response and no error');
    return { ...base, customId, statusCode, error };
  }
  return { ...base, customId, ok: true, statusCode, usage: usageOf(body), ...(content ? contentOf(body) : {}) };
}

/** A message from any of the error shapes seen: a string, `{message}`, `{error: {message}}`, `{detail}`. */
function errorMessage(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (!isObj(v)) return JSON.stringify(v);
  if (isObj(v.error) || typeof v.error === 'string') return errorMessage(v.error);
  const message = v.message ?? v.detail ?? v.msg;
  if (typeof message === 'string') return message;
  if (message !== undefined) return JSON.stringify(message);
  // An object with no message is an error only in the `error` slot; a body without one is not.
  return 'object' in v && v.object === 'error' ? 'error with no message' : undefined;
}

function usageOf(body: unknown): Usage | undefined {
  if (!isObj(body)) return undefined;
  const u = isObj(body.usage) ? body.usage : undefined;
  if (!u) return undefined;
  const prompt = num(u.prompt_tokens) ?? num(u.input_tokens) ?? 0;
  const completion = num(u.completion_tokens) ?? num(u.output_tokens) ?? 0;
  return { prompt, completion, total: num(u.total_tokens) ?? prompt + completion };
}

function contentOf(body: unknown): Pick<Outcome, 'answer' | 'answerCut' | 'summary' | 'finishReason'> {
  const none = { answer: undefined, answerCut: false, summary: undefined, finishReason: undefined };
  if (!isObj(body)) return { ...none, summary: 'no body' };
  if (Array.isArray(body.choices)) {
    const first = body.choices[0];
    const choice = isObj(first) ? first : {};
    const message = isObj(choice.message) ? choice.message : {};
    const text = textOf(message.content) ?? str(choice.text) ?? '';
    const calls = Array.isArray(message.tool_calls) ? message.tool_calls.length : 0;
    const extra = body.choices.length > 1 ? `${body.choices.length} choices; the first is shown` : undefined;
    return { ...cut(text === '' && calls > 0 ? `(${calls} tool call${calls === 1 ? '' : 's'})` : text), summary: extra, finishReason: str(choice.finish_reason) };
  }
  if (Array.isArray(body.outputs)) {
    // Conversations: the text of the message entries, in order.
    const text = body.outputs.map((o) => (isObj(o) ? textOf(o.content) : undefined)).filter((t): t is string => t !== undefined).join('\n');
    return { ...none, ...cut(text) };
  }
  if (typeof body.text === 'string') return { ...none, ...cut(body.text) };
  if (Array.isArray(body.data)) {
    const first = body.data[0];
    const dims = isObj(first) && Array.isArray(first.embedding) ? first.embedding.length : undefined;
    const n = body.data.length;
    return { ...none, summary: `${n} embedding${n === 1 ? '' : 's'}${dims === undefined ? '' : ` of ${dims} dimensions`}` };
  }
  if (Array.isArray(body.pages)) {
    const n = body.pages.length;
    const firstPage = isObj(body.pages[0]) ? str(body.pages[0].markdown) : undefined;
    return { ...none, summary: `OCR: ${n} page${n === 1 ? '' : 's'}`, ...(firstPage ? cut(firstPage) : {}) };
  }
  if (Array.isArray(body.results)) return { ...none, summary: resultsSummary(body.results) };
  return { ...none, summary: `a response with ${Object.keys(body).join(', ') || 'no fields'}` };
}

/** Moderation results flag categories; classification results score them. */
function resultsSummary(results: unknown[]): string {
  const flagged = new Set<string>();
  const top: string[] = [];
  for (const r of results) {
    if (!isObj(r)) continue;
    if (isObj(r.categories)) {
      for (const [k, v] of Object.entries(r.categories)) if (v === true) flagged.add(k);
      continue;
    }
    for (const [target, value] of Object.entries(r)) {
      const scores = isObj(value) && isObj(value.scores) ? value.scores : undefined;
      if (!scores) continue;
      const best = Object.entries(scores).filter((e): e is [string, number] => typeof e[1] === 'number').sort((a, b) => b[1] - a[1])[0];
      if (best) top.push(`${target}: ${best[0]} (${best[1].toFixed(2)})`);
    }
  }
  const n = results.length;
  if (top.length > 0) return `classification: ${top.slice(0, 5).join(', ')}`;
  return `moderation of ${n} input${n === 1 ? '' : 's'}: ${flagged.size > 0 ? `flagged ${[...flagged].join(', ')}` : 'nothing flagged'}`;
}

function textOf(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  return content.map((c) => (isObj(c) ? str(c.text) ?? '' : '')).join('');
}

function cut(text: string): { answer: string; answerCut: boolean } {
  const lines = text.split('\n');
  return lines.length > ANSWER_LINES ? { answer: lines.slice(0, ANSWER_LINES).join('\n'), answerCut: true } : { answer: text, answerCut: false };
}

/** The error's first line, shortened for an inlay hint or a group heading. */
export function shortMessage(message: string, max = 60): string {
  const first = message.split('\n')[0].trim();
  return first.length > max ? `${first.slice(0, max - 1)}…` : first;
}
