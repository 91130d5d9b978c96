// What of a request body the model reads as prompt tokens, per endpoint, and their count. Images and
// audio are not counted (their token cost depends on the model's encoder): a body's count says how
// many of them it left out. The chat template's control tokens are estimated per message.
import { createHash } from 'node:crypto';
import { countTextTokens } from './tekken';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

export interface PromptParts {
  /** The texts the model reads. */
  texts: string[];
  /** Messages (or inputs), each costing a few control tokens. */
  messages: number;
  /** Image and audio chunks, not counted. */
  media: number;
}

/** Control tokens per message ([INST]…[/INST], </s>, …) and per request (<s>): an estimate. */
const PER_MESSAGE = 2;
const PER_REQUEST = 1;

/**
 * The counter's error margin, in tokens: the vocabulary's counts of text are exact (see README),
 * the template's control tokens and newer tokenizer versions are not.
 */
export function errorMargin(tokens: number): number {
  return Math.ceil(tokens * 0.05) + 16;
}

const isObj = (v: Json | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

// Index loops and fixed keys: this runs for every request on every check, so it allocates nothing it can avoid.
const INPUT_KEYS = ['messages', 'inputs', 'input'] as const;
const TEXT_KEYS = ['prompt', 'suffix', 'instructions'] as const;
const ENTRY_KEYS = ['arguments', 'output', 'name'] as const;

/** What a walk over a body collects: the texts only when they are to be counted, their length always. */
class Sink {
  units = 0;
  messages = 0;
  media = 0;
  constructor(readonly texts: string[] | undefined) {}

  text(t: string): void {
    this.units += t.length;
    this.texts?.push(t);
  }
}

export function promptParts(body: Json | undefined): PromptParts {
  const sink = walk(body, new Sink([]));
  return { texts: sink.texts ?? [], messages: sink.messages, media: sink.media };
}

/**
 * An upper bound on the prompt's tokens without tokenizing: a byte-level BPE token is at least one
 * byte, and a UTF-16 code unit is at most three bytes of UTF-8.
 */
export function promptTokenBound(body: Json | undefined): number {
  const sink = walk(body, new Sink(undefined));
  return sink.units * 3 + sink.messages * PER_MESSAGE + PER_REQUEST;
}

function walk(body: Json | undefined, sink: Sink): Sink {
  if (!isObj(body)) return sink;
  for (let k = 0; k < INPUT_KEYS.length; k++) {
    const value = body[INPUT_KEYS[k]];
    if (value === undefined) continue;
    if (typeof value === 'string') {
      sink.text(value);
      sink.messages++;
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) addEntry(value[i], sink);
    }
  }
  for (let k = 0; k < TEXT_KEYS.length; k++) {
    const value = body[TEXT_KEYS[k]];
    if (typeof value === 'string') sink.text(value);
  }
  const tools = body.tools;
  if (Array.isArray(tools) && tools.length > 0) sink.text(JSON.stringify(tools));
  const format = body.response_format;
  if (isObj(format) && format.json_schema !== undefined) sink.text(JSON.stringify(format.json_schema));
  return sink;
}

function addEntry(entry: Json, sink: Sink): void {
  if (typeof entry === 'string') {
    sink.text(entry);
    sink.messages++;
    return;
  }
  // Chat moderations and classifications take a list of conversations.
  if (Array.isArray(entry)) {
    for (let i = 0; i < entry.length; i++) addEntry(entry[i], sink);
    return;
  }
  if (!isObj(entry)) return;
  sink.messages++;
  addContent(entry.content, sink);
  const calls = entry.tool_calls;
  if (Array.isArray(calls)) sink.text(JSON.stringify(calls));
  for (let k = 0; k < ENTRY_KEYS.length; k++) {
    const v = entry[ENTRY_KEYS[k]];
    if (typeof v === 'string') sink.text(v);
  }
}

function addContent(content: Json | undefined, sink: Sink): void {
  if (typeof content === 'string') {
    sink.text(content);
    return;
  }
  if (!Array.isArray(content)) return;
  for (let i = 0; i < content.length; i++) {
    const chunk = content[i];
    if (typeof chunk === 'string') sink.text(chunk);
    else if (isObj(chunk)) {
      if (typeof chunk.text === 'string') sink.text(chunk.text);
      else if (Array.isArray(chunk.thinking)) addContent(chunk.thinking, sink);
      else if (chunk.type === 'image_url' || chunk.type === 'input_audio' || chunk.type === 'document_url' || chunk.type === 'file') sink.media++;
    }
  }
}

export function countPromptTokens(parts: PromptParts): number {
  let tokens = 0;
  for (const t of parts.texts) tokens += countTextTokens(t);
  return tokens + parts.messages * PER_MESSAGE + PER_REQUEST;
}

/** The output tokens a body's `max_tokens` reserves; undefined when it sets none. */
export function maxOutputTokens(body: Json | undefined): number | undefined {
  const v = isObj(body) ? body.max_tokens : undefined;
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
}

// Counts by prompt text, across documents and edits: a request re-checked with the same text is not
// counted again. Keys are hashes, so the cache holds no slice of any document.
const counted = new Map<string, number>();
const CACHE_LIMIT = 50_000;

/** Counts many prompts at once: on this thread, or on another one (the language server's, see server/models/tokenCounter.ts). */
export type CountTokens = (parts: readonly PromptParts[]) => Promise<number[]>;

export const countOnThisThread: CountTokens = async (parts) => parts.map(countPromptTokensCached);

export function countPromptTokensCached(parts: PromptParts): number {
  const hash = createHash('sha1');
  for (const t of parts.texts) hash.update(t).update('\u0000');
  const key = `${hash.digest('base64')}:${parts.messages}`;
  let n = counted.get(key);
  if (n === undefined) {
    n = countPromptTokens(parts);
    if (counted.size >= CACHE_LIMIT) counted.clear();
    counted.set(key, n);
  }
  return n;
}
