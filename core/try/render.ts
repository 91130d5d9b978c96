// A tried request's answer as readable Markdown (the editor's answer view, the CLI): the text, or a
// summary of vectors, pages and scores, then finish reason, tokens and latency. The raw JSON is
// rendered on its own (`rawJson`), one click away in the editor and `--raw` in the CLI.
import { contentText, TryAnswer } from './run';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const FIRST_VALUES = 8;
const MAX_PAGE_CHARS = 4000;

/** `heading` replaces the default "## request … · `endpoint`" line. */
export function renderAnswer(answer: TryAnswer, heading = `## ${answer.label} · \`${answer.endpoint}\``): string {
  const raw = isObject(answer.raw) ? answer.raw : {};
  const body = BODIES[answer.kind](raw);
  return [heading, '', facts(answer, raw), '', body || '_(empty answer)_', ''].join('\n');
}

export function rawJson(answer: TryAnswer): string {
  return JSON.stringify(answer.raw ?? null, null, 2);
}

/** The answer's finish reason, tokens and latency on one line. */
export function answerFacts(answer: TryAnswer): string {
  return facts(answer, isObject(answer.raw) ? answer.raw : {});
}

function facts(answer: TryAnswer, raw: Json): string {
  const parts: string[] = [];
  if (typeof raw.model === 'string') parts.push(`model \`${raw.model}\``);
  const reasons = [...new Set(list(raw.choices).map((c) => (isObject(c) ? c.finish_reason : undefined)).filter((r): r is string => typeof r === 'string'))];
  if (reasons.length > 0) parts.push(`finish_reason \`${reasons.join(', ')}\``);
  const usage = tokens(raw.usage);
  if (usage) parts.push(usage);
  if (isObject(raw.usage_info) && typeof raw.usage_info.pages_processed === 'number') parts.push(`${raw.usage_info.pages_processed} pages processed`);
  if (answer.latencyMs !== undefined) parts.push(`${seconds(answer.latencyMs)}${answer.firstChunkMs !== undefined ? ` (first chunk after ${seconds(answer.firstChunkMs)})` : ''}`);
  if (answer.chunks !== undefined) parts.push(`${answer.chunks} chunks`);
  if (!answer.done) parts.push('_answering…_');
  return parts.join(' · ');
}

function tokens(usage: unknown): string | undefined {
  if (!isObject(usage)) return undefined;
  const n = (k: string) => (typeof usage[k] === 'number' ? (usage[k] as number) : undefined);
  const [prompt, completion, total] = [n('prompt_tokens'), n('completion_tokens'), n('total_tokens')];
  if (prompt === undefined && completion === undefined && total === undefined) return undefined;
  const shown = [prompt !== undefined ? `${prompt} prompt` : '', completion !== undefined ? `${completion} completion` : '', total !== undefined ? `${total} total` : ''];
  return `tokens: ${shown.filter((s) => s !== '').join(' + ').replace(/ \+ (\d+ total)$/, ' = $1')}`;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

const BODIES: Record<TryAnswer['kind'], (raw: Json) => string> = {
  chat: completions,
  fim: completions,
  embeddings,
  ocr,
  moderation,
  classification,
  conversation,
  transcription: (raw) => [typeof raw.text === 'string' ? raw.text : '', typeof raw.language === 'string' ? `\nLanguage: \`${raw.language}\`` : '', list(raw.segments).length > 0 ? `, ${list(raw.segments).length} segments` : ''].join(''),
};

function completions(raw: Json): string {
  const choices = list(raw.choices).filter(isObject);
  return choices.map((c) => {
    const message = isObject(c.message) ? c.message : {};
    const calls = list(message.tool_calls).filter(isObject).map((call) => {
      const fn = isObject(call.function) ? call.function : {};
      return `- tool call \`${String(fn.name ?? '?')}\`(${typeof fn.arguments === 'string' ? fn.arguments : JSON.stringify(fn.arguments ?? {})})`;
    });
    const head = choices.length > 1 ? `### Choice ${Number(c.index ?? 0) + 1}\n\n` : '';
    return head + [contentText(message.content), ...calls].filter((s) => s !== '').join('\n\n');
  }).join('\n\n');
}

function embeddings(raw: Json): string {
  const vectors = list(raw.data).filter(isObject);
  const lines = vectors.map((d, i) => {
    const values = list(d.embedding).filter((v): v is number => typeof v === 'number');
    const first = values.slice(0, FIRST_VALUES).map((v) => v.toFixed(4)).join(', ');
    return `- input ${Number(d.index ?? i) + 1}: ${values.length} dimensions, first values [${first}${values.length > FIRST_VALUES ? ', …' : ''}]`;
  });
  return [`${vectors.length} embedding${vectors.length === 1 ? '' : 's'}:`, '', ...lines].join('\n');
}

function ocr(raw: Json): string {
  const pages = list(raw.pages).filter(isObject);
  const shown = pages.map((p, i) => {
    const md = typeof p.markdown === 'string' ? p.markdown : '';
    const images = list(p.images).length;
    const cut = md.length > MAX_PAGE_CHARS ? `${md.slice(0, MAX_PAGE_CHARS)}\n\n_(${md.length - MAX_PAGE_CHARS} more characters in the raw JSON)_` : md;
    return `### Page ${Number(p.index ?? i) + 1}${images > 0 ? ` (${images} image${images === 1 ? '' : 's'})` : ''}\n\n${cut}`;
  });
  return [`${pages.length} page${pages.length === 1 ? '' : 's'}`, ...shown].join('\n\n');
}

function scoreTable(scores: Json, flags?: Json): string {
  const rows = Object.entries(scores)
    .filter((e): e is [string, number] => typeof e[1] === 'number')
    .sort((a, b) => b[1] - a[1])
    .map(([name, score]) => `| ${name} | ${score.toFixed(4)} |${flags ? ` ${flags[name] === true ? '**yes**' : 'no'} |` : ''}`);
  return [`| category | score |${flags ? ' flagged |' : ''}`, `| --- | --- |${flags ? ' --- |' : ''}`, ...rows].join('\n');
}

function moderation(raw: Json): string {
  const results = list(raw.results).filter(isObject);
  return results.map((r, i) => {
    const flags = isObject(r.categories) ? r.categories : {};
    const flagged = Object.entries(flags).filter(([, v]) => v === true).map(([k]) => k);
    const head = `${results.length > 1 ? `### Input ${i + 1}\n\n` : ''}Flagged: ${flagged.length > 0 ? flagged.map((f) => `**${f}**`).join(', ') : 'none'}`;
    return `${head}\n\n${scoreTable(isObject(r.category_scores) ? r.category_scores : {}, flags)}`;
  }).join('\n\n');
}

function classification(raw: Json): string {
  const results = list(raw.results).filter(isObject);
  return results.map((r, i) => {
    const targets = Object.entries(r).filter((e): e is [string, Json] => isObject(e[1]));
    const tables = targets.map(([target, t]) => {
      const scores = isObject(t.scores) ? t.scores : {};
      const top = Object.entries(scores).filter((e): e is [string, number] => typeof e[1] === 'number').sort((a, b) => b[1] - a[1])[0];
      return `**${target}**${top ? `: ${top[0]}` : ''}\n\n${scoreTable(scores)}`;
    });
    return `${results.length > 1 ? `### Input ${i + 1}\n\n` : ''}${tables.join('\n\n')}`;
  }).join('\n\n');
}

function conversation(raw: Json): string {
  return list(raw.outputs).filter(isObject).map((entry) => {
    if (entry.type === 'message.output') return contentText(entry.content);
    if (entry.type === 'function.call') return `- tool call \`${String(entry.name ?? '?')}\`(${typeof entry.arguments === 'string' ? entry.arguments : JSON.stringify(entry.arguments ?? {})})`;
    return `- ${String(entry.type ?? 'entry')}`;
  }).filter((s) => s !== '').join('\n\n');
}
