// The extension activates when a batch file is opened, and the file gets the batch language.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { MistralBatchExports } from '../../client/exports';
import { EXTENSION_ID, LANGUAGE_ID, extension, openFixture, waitForActivation } from './helpers';

suite('Activation', () => {
  test(`${EXTENSION_ID} is installed in the editor`, () => {
    const ext = extension();
    assert.strictEqual(ext.packageJSON.name, 'mistral-batch');
    // When the launcher tests a packaged .vsix, the extension must be that installed copy.
    const installedFrom = process.env.MISTRAL_BATCH_E2E_INSTALLED_FROM;
    if (installedFrom) {
      assert.ok(
        ext.extensionPath.startsWith(installedFrom),
        `expected the extension installed from the .vsix under ${installedFrom}, got ${ext.extensionPath}`,
      );
    }
  });

  test('a .batch.json file opens as the mistral-batch language', async () => {
    const editor = await openFixture('good.batch.json');
    assert.strictEqual(editor.document.languageId, LANGUAGE_ID);
    assert.ok(
      (await vscode.languages.getLanguages()).includes(LANGUAGE_ID),
      `the language ${LANGUAGE_ID} is not registered`,
    );
  });

  test('opening a .batch.json file activates the extension', async () => {
    await openFixture('good.batch.json');
    const ext = await waitForActivation();
    assert.strictEqual(ext.isActive, true);
    const times = (ext.exports as MistralBatchExports | undefined)?.activation;
    assert.ok(times && times.wiringMs >= 0 && times.serverReadyMs >= times.wiringMs, 'activate() reports its times');
    // Printed for the record (the README's performance section quotes it); timing is not asserted here.
    console.log(`  activation: wiring ${times.wiringMs.toFixed(1)} ms, language server ready after ${times.serverReadyMs.toFixed(0)} ms`);
  });

  test('a plain .json file keeps the json language', async () => {
    const doc = await vscode.workspace.openTextDocument(
      vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'settings-like.json'),
    );
    assert.strictEqual(doc.languageId, 'json');
  });
});
