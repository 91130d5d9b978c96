// How a model is shown in completion and hover: its description, context length, capabilities
// and the endpoints it serves; the account's models (fine-tunes too) and those fitting the job's
// endpoint ranked first.
import { Catalogue, ModelInfo, endpointsOf, servesEndpoint } from '../../core/models/catalogue';

export interface ModelItemFacts {
  detail: string;
  documentation: string;
  /** Sorts before the id: account and fitting first. */
  rank: string;
}

const fmtContext = (n: number) => (n >= 1024 && n % 1024 === 0 ? `${n / 1024}k` : n.toLocaleString('en-US'));

export function modelItemFacts(catalogue: Catalogue, model: ModelInfo, endpoint: string | undefined): ModelItemFacts {
  const fits = endpoint !== undefined && servesEndpoint(model, endpoint) === true;
  // The snapshot's models the account does not list come after the account's own.
  const rank = `${catalogue.source === 'bundled' || model.fromAccount ? '0' : '1'}${fits || endpoint === undefined ? '0' : '1'}`;
  const tags = [model.fineTuned ? 'fine-tuned' : undefined, model.deprecation ? `deprecated ${model.deprecation.slice(0, 10)}` : undefined].filter(Boolean);
  const detail = `${fits ? `fits ${endpoint} · ` : ''}${fmtContext(model.maxContextLength)} context · ${model.capabilities.join(', ') || 'no listed capabilities'}${tags.length ? ` · ${tags.join(', ')}` : ''}`;
  return { detail, documentation: modelMarkdown(model), rank };
}

export function modelMarkdown(model: ModelInfo): string {
  const lines = [`**${model.id}**${model.fineTuned ? ' (fine-tuned)' : ''}`, ''];
  if (model.description) lines.push(model.description, '');
  lines.push(`- context: ${model.maxContextLength.toLocaleString('en-US')} tokens`);
  lines.push(`- capabilities: ${model.capabilities.join(', ') || 'none listed'}`);
  const endpoints = endpointsOf(model);
  lines.push(`- serves: ${endpoints.join(', ') || 'no batch endpoint its capabilities name'}`);
  if (model.aliases.length > 0) lines.push(`- also known as: ${model.aliases.join(', ')}`);
  if (model.deprecation) lines.push(`- deprecated: retired ${model.deprecation.slice(0, 10)}${model.replacement ? `, replaced by \`${model.replacement}\`` : ''}`);
  return lines.join('\n');
}
