// Completion results shaped so that every LSP client applies them the same way. The items are
// built for the protocol as VS Code reads it; this adapter removes what other clients read
// differently, at one place, before the items are sent.
import { CompletionItem, InitializeParams, InsertTextFormat, Range, TextEdit } from 'vscode-languageserver-protocol';
import { PositionMap, TextSource } from '../text/document';

export interface ClientProfile {
  /** Whether `${1|a,b|}` can be offered: LSP has no capability for it, only for snippets as a whole. */
  choiceSnippets: boolean;
}

/**
 * Snippet engines that take the LSP snippet syntax but not its choices, by client name: Eglot
 * expands snippets with yasnippet, which has no choice syntax and inserts `1|a,b|` literally.
 */
const NO_CHOICE_CLIENTS = [/^eglot$/i];

export function clientProfile(params: Pick<InitializeParams, 'clientInfo'>): ClientProfile {
  const name = params.clientInfo?.name ?? '';
  return { choiceSnippets: !NO_CHOICE_CLIENTS.some((re) => re.test(name)) };
}

/**
 * Items in their intended order, sent so and numbered so (Helix shows them as sent, ignoring
 * `sortText`; VS Code sorts them by `sortText`, else by label), choices turned
 * into plain placeholders where the client cannot expand them, and every edit ending at the cursor.
 */
export function adaptCompletion(items: CompletionItem[], doc: TextSource & PositionMap, cursor: number, profile: ClientProfile): CompletionItem[] {
  for (const item of items) {
    const snippet = item.insertTextFormat === InsertTextFormat.Snippet;
    if (snippet && !profile.choiceSnippets) {
      if (item.textEdit) item.textEdit.newText = withoutChoices(item.textEdit.newText);
      if (item.insertText !== undefined) item.insertText = withoutChoices(item.insertText);
    }
    const edit = item.textEdit;
    if (edit && 'range' in edit) endAtCursor(item, edit, doc, cursor, snippet);
  }
  // Without any sortText, the order sent is the one intended (an enum's values in the schema's order).
  const ordered = !items.some((i) => i.sortText !== undefined) ? items : items
    .map((item, index) => ({ item, index, key: item.sortText ?? item.label }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index))
    .map(({ item }) => item);
  // Clients that sort by sortText (or by label without one) then keep that order too.
  const width = String(ordered.length).length;
  ordered.forEach((item, i) => (item.sortText = String(i).padStart(width, '0')));
  return ordered;
}

/** `${1|a,b|}` → `${1:a}`: the first choice, as a placeholder the user can type over. */
export function withoutChoices(snippet: string): string {
  return snippet.replace(/\$\{(\d+)\|((?:[^\\|,]|\\.)*)(?:,(?:[^\\|,]|\\.)*)*\|\}/g, (_all, tab: string, first: string) => {
    const value = first.replace(/\\([\\,|])/g, '$1');
    return `\${${tab}:${value.replace(/[$}\\]/g, '\\$&')}}`;
  });
}

/**
 * Neovim applies a completion edit from its start up to the cursor and leaves the rest of the range
 * in place; VS Code, Helix and Eglot replace the whole range. An edit that ends at the cursor reads
 * the same to all of them: the text after the cursor that the new text repeats at its end is
 * dropped from both; anything else after the cursor is deleted by an additional edit.
 */
function endAtCursor(item: CompletionItem, edit: TextEdit, doc: TextSource & PositionMap, cursor: number, snippet: boolean): void {
  const start = doc.offsetAt(edit.range.start);
  const end = doc.offsetAt(edit.range.end);
  if (end <= cursor || start > cursor) return;
  const tail = doc.slice(cursor, end);
  const written = snippet ? tail.replace(/[$}\\]/g, '\\$&') : tail;
  const at = edit.newText.length - written.length;
  if (edit.newText.endsWith(written) && (!snippet || evenBackslashesBefore(edit.newText, at))) {
    edit.newText = edit.newText.slice(0, at);
  } else {
    const rest: Range = { start: doc.positionAt(cursor), end: edit.range.end };
    item.additionalTextEdits = [...(item.additionalTextEdits ?? []), TextEdit.del(rest)];
  }
  edit.range = { start: edit.range.start, end: doc.positionAt(cursor) };
}

/** Whether the character at `at` is not escaped (an escaping backslash would be cut off from it). */
function evenBackslashesBefore(s: string, at: number): boolean {
  let n = 0;
  while (at - n - 1 >= 0 && s[at - n - 1] === '\\') n++;
  return n % 2 === 0;
}
