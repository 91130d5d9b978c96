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

export function promptParts(body: Json | undefined): PromptParts {
  const parts: PromptParts = { texts: [], messages: 0, media: 0 };
  if (!isObj(body)) return parts;
  for (const key of ['messages', 'inputs', 'input']) {
    const value = body[key];
    if (typeof value === 'string') {
      parts.texts.push(value);
      parts.messages++;
    } else if (Array.isArray(value)) {
      for (const entry of value) addEntry(entry, parts);
    }
  }
  for (const key of ['prompt', 'suffix', 'instructions']) {
    const value = body[key];
    if (typeof value === 'string') parts.texts.push(value);
  }
  if (Array.isArray(body.tools) && body.tools.length > 0) parts.texts.push(JSON.stringify(body.tools));
  if (body.response_format !== undefined && isObj(body.response_format) && body.response_format.json_schema !== undefined) {
    parts.texts.push(JSON.stringify(body.response_format.json_schema));
  }
  return parts;
}

function addEntry(entry: Json, parts: PromptParts): void {
  if (typeof entry === 'string') {
    parts.texts.push(entry);
    parts.messages++;
    return;
  }
  // Chat moderations and classifications take a list of conversations.
  if (Array.isArray(entry)) {
    for (const inner of entry) addEntry(inner, parts);
    return;
  }
  if (!isObj(entry)) return;
  parts.messages++;
  addContent(entry.content, parts);
  if (Array.isArray(entry.tool_calls)) parts.texts.push(JSON.stringify(entry.tool_calls));
  for (const key of ['arguments', 'output', 'name'] as const) {
    const v = entry[key];
    if (typeof v === 'string') parts.texts.push(v);
  }
}

function addContent(content: Json | undefined, parts: PromptParts): void {
  if (typeof content === 'string') {
    parts.texts.push(content);
    return;
  }
  if (!Array.isArray(content)) return;
  for (const chunk of content) {
    if (typeof chunk === 'string') parts.texts.push(chunk);
    else if (isObj(chunk)) {
      if (typeof chunk.text === 'string') parts.texts.push(chunk.text);
      else if (Array.isArray(chunk.thinking)) addContent(chunk.thinking, parts);
      else if (chunk.type === 'image_url' || chunk.type === 'input_audio' || chunk.type === 'document_url' || chunk.type === 'file') parts.media++;
    }
  }
}

/** An upper bound on the prompt's tokens without tokenizing: a byte-level BPE token is at least one byte. */
export function promptTokenBound(parts: PromptParts): number {
  let bytes = 0;
  for (const t of parts.texts) bytes += Buffer.byteLength(t, 'utf8');
  return bytes + parts.messages * PER_MESSAGE + PER_REQUEST;
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
