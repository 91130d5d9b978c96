// Every command the manifest contributes is registered in the running extension, and every menu
// and key binding names a contributed command: a misspelt id fails here, not in a user's hands.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { manifest, openFixture, waitForActivation } from './helpers';

suite('Commands', () => {
  suiteSetup(async () => {
    await openFixture('good.batch.json');
    await waitForActivation();
  });

  test('the manifest contributes commands', () => {
    const commands = manifest().contributes?.commands ?? [];
    assert.ok(commands.length > 0, 'package.json contributes no commands');
  });

  test('every contributed command is registered', async () => {
    const contributed = (manifest().contributes?.commands ?? []).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((id) => !registered.has(id));
    assert.deepStrictEqual(missing, [], `contributed in package.json but not registered by the extension: ${missing.join(', ')}`);
  });

  test('every contributed command has a title', () => {
    const untitled = (manifest().contributes?.commands ?? []).filter((c) => !c.title || !c.title.trim());
    assert.deepStrictEqual(untitled.map((c) => c.command), []);
  });

  test('menus and key bindings name contributed commands', () => {
    const contributes = manifest().contributes ?? {};
    const known = new Set((contributes.commands ?? []).map((c) => c.command));
    const unknown: string[] = [];
    for (const [menu, items] of Object.entries(contributes.menus ?? {})) {
      for (const item of items) if (item.command && !known.has(item.command)) unknown.push(`${menu} → ${item.command}`);
    }
    for (const kb of contributes.keybindings ?? []) if (!known.has(kb.command)) unknown.push(`keybindings → ${kb.command}`);
    assert.deepStrictEqual(unknown, [], `menu entries or key bindings name commands package.json does not contribute: ${unknown.join(', ')}`);
  });
});
