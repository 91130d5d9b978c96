// The request snippets shipped in snippets/ are the server's request templates written out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { requestSnippets } from '../../server/features/templates';
import { batchSchemas } from '../../server/schema/load';
import { schemaServices } from '../../server/schema/services';
import { checkBatch } from '../../server/analysis/check';

const FILE = resolve(__dirname, '../../../snippets/mistral-batch.code-snippets');

test('the shipped snippets equal the templates, one per endpoint', () => {
  const services = schemaServices(batchSchemas());
  const expected = requestSnippets(services);
  // Regenerate with: MB_WRITE_SNIPPETS=1 node --test out/test/unit/snippets.test.js
  if (process.env.MB_WRITE_SNIPPETS) require('node:fs').writeFileSync(FILE, JSON.stringify(expected, null, 2) + '\n');
  assert.deepEqual(JSON.parse(readFileSync(FILE, 'utf8')), expected);
  assert.equal(Object.keys(expected).length, services.schemas.bodyUris.size);
});

test('each snippet, filled in, is a request its endpoint accepts', () => {
  const services = schemaServices(batchSchemas());
  for (const [name, entry] of Object.entries(requestSnippets(services))) {
    const endpoint = name.replace('Request for ', '');
    const request = entry.body.join('\n').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/"\$\d+"/g, '"x"').replace(/\$0/g, '').replace(/\\([$}\\])/g, '$1');
    const text = JSON.stringify({ endpoint, requests: [JSON.parse(request)] });
    const problems = checkBatch(text).diagnostics.filter((d) => !/model/.test(d.message));
    assert.deepEqual(problems.map((d) => d.message), [], `${endpoint}: ${request}`);
  }
});
