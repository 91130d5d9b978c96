// Each editor's quirks, with that editor's own capabilities and clientInfo: what the server sends
// must come out the same in Neovim, Helix and Eglot as in VS Code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClientCapabilities, CompletionItem, MessageType, Position, TextEdit } from 'vscode-languageserver-protocol';
import { LspClient, positionOf } from './harness';

/** What each client sends in `initialize`, trimmed to what the server reads. */
const CLIENTS: Record<string, { clientInfo: { name: string; version: string }; capabilities: ClientCapabilities }> = {
  'VS Code 1.90': {
    clientInfo: { name: 'Visual Studio Code', version: '1.90.0' },
    capabilities: {
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
      textDocument: { completion: { completionItem: { snippetSupport: true } } },
    },
  },
  'Neovim 0.10.4': {
    clientInfo: { name: 'Neovim', version: '0.10.4' },
    capabilities: {
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } },
      textDocument: { completion: { completionItem: { snippetSupport: true } } },
    },
  },
  'Neovim 0.7.2': {
    clientInfo: { name: 'Neovim', version: '0.7.2' },
    capabilities: {
      workspace: { configuration: true },
      textDocument: { completion: { completionItem: { snippetSupport: false } } },
    },
  },
  'Helix 25.01.1': {
    clientInfo: { name: 'helix', version: '25.1.1' },
    capabilities: {
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } },
      textDocument: { completion: { completionItem: { snippetSupport: true } } },
    },
  },
  'Eglot (Emacs 30.1, yasnippet)': {
    clientInfo: { name: 'Eglot', version: '1.17.30' },
    capabilities: {
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } },
      textDocument: { completion: { completionItem: { snippetSupport: true } } },
    },
  },
};

const start = (name: string) => LspClient.start(CLIENTS[name]);

const CHAT = `{
  "model": "mistral-small-latest",
  "endpoint": "/v1/chat/completions",
  "requests": [{ "custom_id": "a", "body": { "messages": [{ "role": "user", "content": "x" }],   } }]
}
`;

/** The edit applied as Neovim applies it: from the range's start up to the cursor, the rest left in place. */
function applyAsNeovim(text: string, edit: TextEdit, cursor: Position): string {
  const lines = text.split('\n');
  const line = lines[edit.range.start.line];
  lines[edit.range.start.line] = line.slice(0, edit.range.start.character) + edit.newText + line.slice(cursor.character);
  return lines.join('\n');
}

function editOf(item: CompletionItem): TextEdit {
  assert.ok(item.textEdit && 'range' in item.textEdit, `${item.label} has a plain text edit`);
  return item.textEdit;
}

for (const name of Object.keys(CLIENTS)) {
  const offered = CLIENTS[name].capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
  test(`${name}: workspace/didChangeConfiguration is ${offered ? '' : 'not '}registered dynamically, as the client offered`, async () => {
    const client = await start(name);
    try {
      // Messages arrive in order: anything registered on `initialized` comes before these diagnostics.
      await client.open('file:///w/reg.batch.json', CHAT);
      assert.deepEqual(client.registered, offered ? ['workspace/didChangeConfiguration'] : []);
    } finally {
      await client.stop();
    }
  });
}

test('Eglot: enum values come as a plain placeholder, since yasnippet has no choices; VS Code keeps the choice', async () => {
  for (const [name, choices] of [['Eglot (Emacs 30.1, yasnippet)', false], ['VS Code 1.90', true]] as const) {
    const client = await start(name);
    try {
      const uri = 'file:///w/choice.batch.json';
      await client.open(uri, CHAT);
      const items = await client.completion(uri, positionOf(CHAT, '}],   ', 4));
      const toolChoice = items.find((i) => i.label === 'tool_choice');
      assert.ok(toolChoice, name);
      if (choices) assert.match(editOf(toolChoice).newText, /\$\{1\|auto,none,any,required\|\}/, name);
      else assert.equal(editOf(toolChoice).newText, '"tool_choice": "${1:auto}"', name);
      if (!choices) assert.deepEqual(items.filter((i) => /\$\{\d+\|/.test(editOf(i).newText)).map((i) => i.label), [], name);
    } finally {
      await client.stop();
    }
  }
});

test('Neovim: a value completed inside its quotes, applied up to the cursor as Neovim does, is valid JSON', async () => {
  for (const name of ['Neovim 0.10.4', 'Neovim 0.7.2']) {
    const client = await start(name);
    try {
      const uri = 'file:///w/nvim.batch.json';
      const text = '{\n  "model": "mistral-embed",\n  "endpoint": "/v1/emb",\n  "requests": []\n}\n';
      await client.open(uri, text);
      const cursor = positionOf(text, '/v1/emb', 7);
      const items = await client.completion(uri, cursor);
      for (const item of items) assert.deepEqual(editOf(item).range.end, cursor, `${item.label}: the edit ends at the cursor`);
      const item = items.find((i) => i.label === '"/v1/embeddings"');
      assert.ok(item, name);
      const after = applyAsNeovim(text, editOf(item), cursor);
      assert.equal((JSON.parse(after) as { endpoint: string }).endpoint, '/v1/embeddings', after);
    } finally {
      await client.stop();
    }
  }
});

test('every client: what follows the cursor and the edit does not repeat is removed by an additional edit', async () => {
  const client = await start('Helix 25.01.1');
  try {
    const uri = 'file:///w/mid.batch.json';
    const text = '{\n  "model": "mistral-embed",\n  "endpoint": "/v1/chat/completions",\n  "requests": []\n}\n';
    await client.open(uri, text);
    const cursor = positionOf(text, '/v1/chat', 4);
    const items = await client.completion(uri, cursor);
    const item = items.find((i) => i.label === '"/v1/embeddings"');
    assert.ok(item);
    const edit = editOf(item);
    assert.deepEqual(edit.range.end, cursor);
    assert.deepEqual(item.additionalTextEdits, [{ range: { start: cursor, end: positionOf(text, 'completions"', 12) }, newText: '' }]);
  } finally {
    await client.stop();
  }
});

test('Helix: items are sent in their intended order, since Helix ignores sortText', async () => {
  const client = await start('Helix 25.01.1');
  try {
    const uri = 'file:///w/order.batch.json';
    const text = '{\n  "model": "mistral-small-latest",\n  "endpoint": "/v1/chat/completions",\n  "requests": [{ "custom_id": "a", "body": {  } }]\n}\n';
    await client.open(uri, text);
    const body = await client.completion(uri, positionOf(text, '"body": { ', 10));
    assert.equal(body[0]?.label, 'messages', body.map((i) => i.label).join(', '));
    const models = await client.completion(uri, positionOf(text, '"model": ', 9));
    const fits = models.map((i) => (i.detail ?? '').startsWith('fits '));
    assert.ok(fits.includes(true) && fits.includes(false), 'both fitting and other models are offered');
    assert.equal(fits.indexOf(false), fits.lastIndexOf(true) + 1, `the models fitting the endpoint come first: ${models.map((i) => i.label).join(', ')}`);
  } finally {
    await client.stop();
  }
});

test('Helix: a change whose version goes backwards is logged, the user told to reopen, and nothing stale stays', async () => {
  const client = await start('Helix 25.01.1');
  try {
    const uri = 'file:///w/version.batch.json';
    const broken = CHAT.replace('"user"', '"usr"');
    const first = await client.open(uri, broken, 1);
    assert.ok(first.some((d) => /"usr" is not a valid role/.test(d.message)));
    const at = positionOf(broken, '"usr"');
    await client.change(uri, 3, [{ range: { start: at, end: at }, text: ' ' }]);
    const cleared = client.diagnostics(uri);
    void client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: at, end: at }, text: 'x' }] });
    assert.deepEqual(await cleared, [], 'its problems are cleared');
    assert.equal(client.shown.length, 1);
    assert.equal(client.shown[0].type, MessageType.Warning);
    assert.match(client.shown[0].message, /version went from 3 to 2.*reopen the file/);
    assert.ok(client.errors.some((e) => e.includes('lost track of')), client.errors.join('\n'));
    assert.equal((await client.hover(uri, at)), null, 'no answers from a copy that differs');
    // A change that gives the whole text brings the document back.
    assert.deepEqual(await client.change(uri, 4, [{ text: broken }]), first);
  } finally {
    await client.stop();
  }
});

test('a change past the end of the document is not applied to a copy that would then differ', async () => {
  const client = await start('Neovim 0.10.4');
  try {
    const uri = 'file:///w/past.batch.json';
    await client.open(uri, CHAT, 1);
    const cleared = client.diagnostics(uri);
    void client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 40, character: 0 }, end: { line: 40, character: 0 } }, text: 'x' }],
    });
    assert.deepEqual(await cleared, []);
    assert.match(client.shown[0]?.message ?? '', /past its end .*reopen the file/);
  } finally {
    await client.stop();
  }
});

test('hover on an unknown key lists the keys expected there; hover on the keys of a message whose role is invalid still works', async () => {
  const client = await start('Helix 25.01.1');
  try {
    const uri = 'file:///w/hover.batch.json';
    const text = CHAT.replace('"user"', '"usr"').replace('}],   }', '}], "temprature": 1 }');
    await client.open(uri, text);
    const unknown = await client.hover(uri, positionOf(text, 'temprature', 2));
    const value = (unknown?.contents as { value: string } | undefined)?.value ?? '';
    assert.match(value, /\*\*temprature\*\* is not a property of this object/);
    assert.match(value, /Expected here: .*`temperature`/);
    assert.match(value, /Expected here: .*`messages`/);
    const content = await client.hover(uri, positionOf(text, '"content"', 2));
    assert.match((content?.contents as { value: string } | undefined)?.value ?? '', /\*\*content\*\* `string \| array`/);
  } finally {
    await client.stop();
  }
});

test('a lone CR is no line break: diagnostics land on the lines Neovim, Helix and Emacs show', async () => {
  const client = await start('Neovim 0.10.4');
  try {
    const text = '{ "model": "mistral-embed",\r "endpoint": "/v1/embeddings",\n  "timeout_hours": 0,\n  "requests": []\n}\n';
    const diagnostics = await client.open('file:///w/cr.batch.json', text);
    // The CR joins the first two lines in those editors: `timeout_hours` is on line 2 of 5, as they number them.
    assert.deepEqual(diagnostics.map((d) => [d.range.start.line, d.code]), [[1, 'out-of-range'], [2, 'no-input']], JSON.stringify(diagnostics));
  } finally {
    await client.stop();
  }
});
