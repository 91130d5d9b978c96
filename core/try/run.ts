// Trying one request: the body sent to its endpoint as an ordinary call, the answer kept as the API
// wrote it. A chat answer is streamed and assembled chunk by chunk, so it can be shown as it grows.
import { ApiError, DirectApi } from '../api';
import { AnswerKind, tryEndpoint } from './endpoints';
import { TryError, TryTarget } from './target';

export interface TryAnswer {
  label: string;
  endpoint: string;
  kind: AnswerKind;
  /** What was sent. */
  body: Record<string, unknown>;
  startedAt: number;
  /** Until the whole answer was in; undefined while it runs. */
  latencyMs?: number;
  /** Until the first streamed chunk. */
  firstChunkMs?: number;
  /** The number of chunks a streamed answer came in. */
  chunks?: number;
  /** The answer's JSON as the API sent it; a streamed one is assembled into the unstreamed shape. */
  raw?: unknown;
  done: boolean;
}

export interface TryOptions {
  api: DirectApi;
  signal?: AbortSignal;
  /** Each streamed chunk, with the answer so far. */
  onUpdate?: (answer: TryAnswer) => void;
  now?: () => number;
}

export async function tryRequest(target: TryTarget, opts: TryOptions): Promise<TryAnswer> {
  const endpoint = tryEndpoint(target.job.endpoint);
  if (!endpoint) throw new TryError(`Requests of ${target.job.endpoint} cannot be tried here: it is not one of the synchronous endpoints this tool knows.`);
  const now = opts.now ?? Date.now;
  const startedAt = now();
  const body = endpoint.stream ? { ...target.body, stream: true } : target.body;
  const answer: TryAnswer = { label: target.label, endpoint: target.job.endpoint, kind: endpoint.kind, body, startedAt, done: false };
  const reply = await opts.api.send({ path: target.job.endpoint, body, stream: endpoint.stream, form: endpoint.form }, { signal: opts.signal });
  if (reply.kind === 'json') {
    answer.raw = reply.json;
  } else {
    const chat = new ChatAssembly();
    answer.chunks = 0;
    try {
      for await (const chunk of reply.events) {
        if (opts.signal?.aborted) break;
        answer.firstChunkMs ??= now() - startedAt;
        answer.chunks++;
        answer.raw = chat.add(chunk);
        opts.onUpdate?.({ ...answer });
      }
    } catch (err) {
      // The client's errors say what happened (a deadline, a lost connection); a cancel is said below.
      if (!opts.signal?.aborted) throw err;
    }
    if (opts.signal?.aborted) throw new ApiError('cancelled', `Cancelled after ${answer.chunks} chunks of the answer.`);
  }
  answer.latencyMs = now() - startedAt;
  answer.done = true;
  return answer;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The text of a message's content: a string, or the text parts of a list of chunks. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (isObject(part) && typeof part.text === 'string' ? part.text : '')).join('');
}

interface AssembledChoice {
  index: number;
  message: { role: string; content: string; tool_calls?: { id?: string; type: string; function: { name: string; arguments: string } }[] };
  finish_reason: string | null;
}

/** Streamed chat chunks put back together as a chat.completion. */
class ChatAssembly {
  private head: Json = {};
  private readonly choices = new Map<number, AssembledChoice>();
  private usage: unknown;

  add(chunk: unknown): Json {
    if (isObject(chunk)) {
      for (const key of ['id', 'created', 'model']) if (chunk[key] !== undefined) this.head[key] = chunk[key];
      if (chunk.usage !== undefined && chunk.usage !== null) this.usage = chunk.usage;
      for (const c of Array.isArray(chunk.choices) ? chunk.choices : []) if (isObject(c)) this.addChoice(c);
    }
    return {
      ...this.head,
      object: 'chat.completion',
      choices: [...this.choices.values()].sort((a, b) => a.index - b.index),
      ...(this.usage !== undefined ? { usage: this.usage } : {}),
    };
  }

  private addChoice(c: Json): void {
    const index = typeof c.index === 'number' ? c.index : 0;
    let choice = this.choices.get(index);
    if (!choice) this.choices.set(index, (choice = { index, message: { role: 'assistant', content: '' }, finish_reason: null }));
    const delta = isObject(c.delta) ? c.delta : {};
    if (typeof delta.role === 'string') choice.message.role = delta.role;
    choice.message.content += contentText(delta.content);
    for (const call of Array.isArray(delta.tool_calls) ? delta.tool_calls : []) {
      if (!isObject(call)) continue;
      const calls = (choice.message.tool_calls ??= []);
      const at = typeof call.index === 'number' ? call.index : calls.length;
      const fn = isObject(call.function) ? call.function : {};
      const entry = (calls[at] ??= { type: 'function', function: { name: '', arguments: '' } });
      if (typeof call.id === 'string') entry.id = call.id;
      if (typeof fn.name === 'string') entry.function.name += fn.name;
      entry.function.arguments += typeof fn.arguments === 'string' ? fn.arguments : isObject(fn.arguments) ? JSON.stringify(fn.arguments) : '';
    }
    if (typeof c.finish_reason === 'string') choice.finish_reason = c.finish_reason;
  }
}
