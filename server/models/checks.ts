// Checks that need to know the model: whether the catalogue knows it, whether it is deprecated,
// whether it serves the job's endpoint, and per request whether it can read what the body holds
// (images, tools, audio) and whether the prompt and max_tokens fit its context.
import { Capability, Catalogue, ModelInfo, endpointsOf, findModel, servesEndpoint } from '../../core/models/catalogue';
import { countPromptTokensCached, errorMargin, maxOutputTokens, promptParts, promptTokenBound } from '../../core/tokens/prompt';
import { Finding } from '../analysis/findings';
import { isObject } from '../schema/node';
import { didYouMean } from '../schema/suggest';
import { JsonPath, JsonValue, Problem, Severity } from '../schema/types';

/** What the request checks need of the job: its model as the catalogue knows it, and how sure that is. */
export interface ModelContext {
  model: ModelInfo;
  /** Error when the account's own list says so; a warning when only the bundled snapshot does. */
  severity: Severity;
}

export function modelContext(catalogue: Catalogue, id: string | undefined): ModelContext | undefined {
  const model = id === undefined ? undefined : findModel(catalogue, id);
  return model && { model, severity: catalogue.source === 'bundled' ? 'warning' : 'error' };
}

export interface JobModelFacts {
  model: string | undefined;
  modelSpan: { start: number; end: number } | undefined;
  endpoint: string | undefined;
}

/** The job's own model findings, in the offsets of `job`'s spans. */
export function jobModelFindings(job: JobModelFacts, catalogue: Catalogue): Finding[] {
  const { model: id, modelSpan: span, endpoint } = job;
  if (id === undefined || span === undefined || id === '') return [];
  const model = findModel(catalogue, id);
  const bundledOnly = catalogue.source === 'bundled';
  if (!model) {
    // A fine-tune is the account's own: the bundled snapshot cannot know it.
    if (bundledOnly && id.startsWith('ft:')) return [];
    const ids = catalogue.models.map((m) => m.id);
    const guess = didYouMean(id, ids) ?? ids.find((c) => c.startsWith(`${id}-`));
    const known = bundledOnly ? 'is not in the bundled model list' : 'is not a model of this account';
    const hint = guess ? ` (did you mean "${guess}"?)` : bundledOnly ? '; with an API key the account\'s own list is used' : '';
    return [{ ...span, severity: 'warning', code: 'unknown-model', message: `"${id}" ${known}${hint}`, ...(guess ? { suggestion: guess } : {}) }];
  }
  const out: Finding[] = [];
  if (model.deprecation) {
    const date = model.deprecation.slice(0, 10);
    const past = Date.parse(model.deprecation) <= Date.now();
    const use = model.replacement ? `; use "${model.replacement}" instead` : '';
    out.push({
      ...span, severity: 'warning', code: 'deprecated-model',
      message: `"${id}" is deprecated: ${past ? 'retired since' : 'retired on'} ${date}${use}`,
      ...(model.replacement ? { suggestion: model.replacement } : {}),
    });
  }
  if (endpoint !== undefined && servesEndpoint(model, endpoint) === false) {
    const serves = endpointsOf(model);
    out.push({
      ...span, severity: bundledOnly ? 'warning' : 'error', code: 'model-endpoint',
      message: `"${id}" does not serve ${endpoint}${serves.length > 0 ? `; it serves ${serves.join(', ')}` : ''}`,
    });
  }
  return out;
}

const NEEDS: ReadonlyArray<{ capability: Capability; what: string }> = [
  { capability: 'vision', what: 'an image chunk' },
  { capability: 'audio', what: 'an audio chunk' },
];

/** A request's problems with the job's model; paths start with `['requests', index]`. */
export function requestModelProblems(body: JsonValue | undefined, prefix: JsonPath, context: ModelContext | undefined): Problem[] {
  if (!context || !isObject(body)) return NONE;
  const { model, severity } = context;
  const caps = model.capabilities;
  let out: Problem[] | undefined;
  const push = (p: Problem) => (out ??= []).push(p);
  const noVision = !caps.includes('vision');
  const noAudio = !caps.includes('audio');
  const messages = body.messages;
  if ((noVision || noAudio) && Array.isArray(messages)) {
    for (let i = 0; i < messages.length; i++) {
      const m = messages[i];
      const content = isObject(m) ? m.content : undefined;
      if (!Array.isArray(content)) continue;
      for (let j = 0; j < content.length; j++) {
        const chunk = content[j];
        const type = isObject(chunk) ? chunk.type : undefined;
        const need = type === 'image_url' && noVision ? NEEDS[0] : type === 'input_audio' && noAudio ? NEEDS[1] : undefined;
        if (!need) continue;
        push({ path: [...prefix, 'body', 'messages', i, 'content', j, 'type'], on: 'value', severity, keyword: `model-${need.capability}`, message: `${need.what}, but "${model.id}" has no ${need.capability} capability` });
      }
    }
  }
  if (!caps.includes('function_calling') && Array.isArray(body.tools) && body.tools.length > 0) {
    push({ path: [...prefix, 'body', 'tools'], on: 'key', severity, keyword: 'model-function-calling', message: `"tools", but "${model.id}" has no function_calling capability` });
  }
  const fit = contextProblem(body, prefix, model);
  if (fit) push(fit);
  return out ?? NONE;
}

/** Shared by every request without a problem: never pushed to. */
const NONE: Problem[] = [];

/** Over the context: an error past the counter's margin, a warning within it. Counts only when a cheap bound says it may not fit. */
function contextProblem(body: { [key: string]: JsonValue }, prefix: JsonPath, model: ModelInfo): Problem | undefined {
  const output = maxOutputTokens(body) ?? 0;
  if (promptTokenBound(body) + output <= model.maxContextLength) return undefined;
  const parts = promptParts(body);
  let prompt: number;
  try {
    prompt = countPromptTokensCached(parts);
  } catch {
    // Without its vocabulary the counter cannot say; the other checks still stand.
    return undefined;
  }
  const over = prompt + output - model.maxContextLength;
  if (over <= 0) return undefined;
  const severity: Severity = over > errorMargin(prompt) ? 'error' : 'warning';
  const media = parts.media > 0 ? `, images and audio not counted` : '';
  const n = (x: number) => x.toLocaleString('en-US');
  const out = output > 0 ? ` + ${n(output)} for "max_tokens"` : '';
  const about = severity === 'error' ? '' : ' (within the counter\'s margin, so it may still fit)';
  return {
    path: 'messages' in body ? [...prefix, 'body', 'messages'] : [...prefix, 'body'],
    on: 'key',
    severity,
    keyword: 'context-length',
    message: `this request needs about ${n(prompt)} prompt tokens${out}${media}, over the ${n(model.maxContextLength)}-token context of "${model.id}" by ${n(over)}${about}`,
  };
}
