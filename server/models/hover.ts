// Hover on a model id (the job's `model`, or a body's) shows what the catalogue knows of it; hover
// on a request's `custom_id` or `body` adds the request's prompt token count.
import { Hover, MarkupKind, MarkupContent } from 'vscode-languageserver-types';
import { findNodeAtOffset, getNodePath } from 'jsonc-parser';
import { findModel } from '../../core/models/catalogue';
import { CountTokens, errorMargin } from '../../core/tokens/prompt';
import { BatchAnalysis } from '../analysis/analysis';
import { cursorAt } from '../features/context';
import { JsonPath } from '../schema/types';
import { PositionMap } from '../text/document';
import { modelMarkdown } from './describe';
import { requestTokens } from './tokens';

/** `base` is the schema's hover at the same place; the model's facts replace or extend it. */
export async function modelHover(analysis: BatchAnalysis, doc: PositionMap, offset: number, base: Hover | null, count: CountTokens): Promise<Hover | null> {
  const cursor = cursorAt(analysis, offset);
  if (!cursor.tree) return base;
  const node = findNodeAtOffset(cursor.tree, cursor.offset, false);
  if (!node || node.parent?.type !== 'property') return base;
  const property = node.parent;
  const onKey = property.children?.[0] === node;
  const keyName = property.children?.[0]?.value as unknown;
  const path: JsonPath = [...cursor.piece.prefix, ...getNodePath(property.children?.[1] ?? node)];
  const range = { start: doc.positionAt(cursor.piece.toDocument(node.offset)), end: doc.positionAt(cursor.piece.toDocument(node.offset + node.length)) };
  const isModelPath = keyName === 'model' && (path.length === 1 || (path.length === 4 && path[0] === 'requests' && path[2] === 'body'));
  if (isModelPath && !onKey && typeof node.value === 'string') {
    const model = findModel(analysis.models, node.value);
    if (!model) return base;
    return { contents: { kind: MarkupKind.Markdown, value: modelMarkdown(model) }, range };
  }
  const isRequestKey = path.length === 3 && path[0] === 'requests' && typeof path[1] === 'number' && (keyName === 'custom_id' || keyName === 'body');
  if (!isRequestKey) return base;
  const tokens = await requestTokens(analysis, path[1] as number, count);
  if (!tokens) return base;
  const jobModel = analysis.job.model === undefined ? undefined : findModel(analysis.models, analysis.job.model);
  const output = tokens.maxOutput !== undefined ? ` + ${tokens.maxOutput.toLocaleString('en-US')} for \`max_tokens\`` : '';
  const context = jobModel ? ` of the ${jobModel.maxContextLength.toLocaleString('en-US')}-token context of \`${jobModel.id}\`` : '';
  const media = tokens.media > 0 ? `; ${tokens.media} image/audio chunk${tokens.media === 1 ? '' : 's'} not counted` : '; images and audio are not counted';
  const line = `**Tokens:** ~${tokens.prompt.toLocaleString('en-US')} prompt tokens${output}${context} (±${errorMargin(tokens.prompt)}${media})`;
  const before = base && MarkupContent.is(base.contents) ? `${base.contents.value}\n\n---\n\n` : '';
  return { contents: { kind: MarkupKind.Markdown, value: `${before}${line}` }, range: base?.range ?? range };
}
