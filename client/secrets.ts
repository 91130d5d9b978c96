// The API key: kept in VS Code's SecretStorage, with MISTRAL_API_KEY in the environment as the
// fallback and a password box as the last resort. This module is the only one that touches the key's
// sources; it never logs the key or puts it in a message.
import * as vscode from 'vscode';
import { Log } from './log';

const SECRET_ID = 'mistralBatch.apiKey';
/** Context key for `when` clauses and the jobs view's welcome content. */
const HAS_KEY_CONTEXT = 'mistralBatch.hasApiKey';

export type KeySource = 'secret storage' | 'environment' | 'this session';

export class ApiKeys implements vscode.Disposable {
  /** A key typed into the password box and not stored: kept in memory until the window closes. */
  private sessionKey: string | undefined;
  private asking: Promise<string | undefined> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** The key, or where it comes from, may have changed. */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage, private readonly log: Log, private readonly env: NodeJS.ProcessEnv = process.env) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key === SECRET_ID) this.fireChanged();
    });
    void this.updateContext();
  }

  /** The key without asking anyone, and where it came from. */
  async find(): Promise<{ key: string; source: KeySource } | undefined> {
    const stored = (await this.secrets.get(SECRET_ID))?.trim();
    if (stored) return { key: stored, source: 'secret storage' };
    const fromEnv = this.env.MISTRAL_API_KEY?.trim();
    if (fromEnv) return { key: fromEnv, source: 'environment' };
    if (this.sessionKey) return { key: this.sessionKey, source: 'this session' };
    return undefined;
  }

  /** The key, asking for it in a password box when there is none; undefined when the user declines. */
  async require(): Promise<string | undefined> {
    const found = await this.find();
    if (found) return found.key;
    // Requests made while the box is open wait for the same answer instead of opening another box.
    this.asking ??= this.ask().finally(() => {
      this.asking = undefined;
    });
    return this.asking;
  }

  private async ask(): Promise<string | undefined> {
    const key = await askForKey('No Mistral API key is set. Enter it to submit (it is not shown, logged or written to settings).');
    if (!key) return undefined;
    this.sessionKey = key;
    this.fireChanged();
    // Not awaited: the submission goes on while the user decides whether to keep the key.
    void vscode.window
      .showInformationMessage('Keep this Mistral API key for next time? It would be stored in VS Code\'s secret storage.', 'Store Key', 'Only This Session')
      .then((choice) => (choice === 'Store Key' ? this.store(key) : undefined));
    return key;
  }

  /**
   * "Mistral: Set API Key". `check` asks the API about the key first: a rejected key is not stored,
   * and one that could not be checked is stored only if the user says so.
   */
  async set(check?: (key: string) => Promise<{ rejected: boolean; message: string } | undefined>): Promise<boolean> {
    const key = await askForKey('Enter your Mistral API key. It is kept in VS Code\'s secret storage, never in settings.');
    if (!key) return false;
    const problem = check ? await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Checking the Mistral API key…' }, () => check(key)) : undefined;
    if (problem?.rejected) {
      void vscode.window.showErrorMessage(`The key was not stored: ${problem.message}`);
      return false;
    }
    if (problem) {
      const store = 'Store Anyway';
      const choice = await vscode.window.showWarningMessage(`The key could not be checked: ${problem.message}`, store, 'Do Not Store');
      if (choice !== store) return false;
    }
    await this.store(key);
    void vscode.window.showInformationMessage('Mistral API key stored in VS Code\'s secret storage.');
    return true;
  }

  /** "Mistral: Clear API Key". */
  async clear(): Promise<void> {
    const had = (await this.secrets.get(SECRET_ID)) !== undefined || this.sessionKey !== undefined;
    this.sessionKey = undefined;
    await this.secrets.delete(SECRET_ID);
    this.fireChanged();
    this.log.info('The stored Mistral API key was cleared.');
    const envNote = this.env.MISTRAL_API_KEY?.trim() ? ' MISTRAL_API_KEY is still set in the environment and will be used.' : '';
    void vscode.window.showInformationMessage(had ? `Mistral API key cleared.${envNote}` : `No Mistral API key was stored.${envNote}`);
  }

  private async store(key: string): Promise<void> {
    await this.secrets.store(SECRET_ID, key);
    this.sessionKey = undefined;
    this.fireChanged();
    this.log.info('A Mistral API key was stored in the secret storage.');
  }

  private fireChanged(): void {
    this.changed.fire();
    void this.updateContext();
  }

  private async updateContext(): Promise<void> {
    const has = (await this.find()) !== undefined;
    await vscode.commands.executeCommand('setContext', HAS_KEY_CONTEXT, has);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function askForKey(prompt: string): Thenable<string | undefined> {
  return vscode.window
    .showInputBox({
      title: 'Mistral API Key',
      prompt,
      password: true,
      ignoreFocusOut: true,
      placeHolder: 'API key from console.mistral.ai',
      validateInput: (v) => (v.trim() === '' ? 'The key cannot be empty.' : /\s/.test(v.trim()) ? 'A key has no spaces.' : undefined),
    })
    .then((v) => v?.trim() || undefined);
}
