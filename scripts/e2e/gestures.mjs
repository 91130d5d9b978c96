// What the visual check (visual.mjs) does with the workbench: waits on what the DOM shows, the
// gestures a user makes (Quick Open, the command palette, pointing at a token), screenshots, and
// the mock API's job list. Every wait names what it waited for when it fails.
import { statSync } from 'node:fs';
import { relative } from 'node:path';

/** A screenshot smaller than this is a blank or broken picture, not a workbench. */
const MIN_PNG_BYTES = 15 * 1024;

export const say = (msg) => console.log(`[visual] ${msg}`);
export const secs = (ms) => `${(ms / 1000).toFixed(1)}s`;

/** A failed wait: the message says what was awaited, for how long, and what was seen instead. */
export class VisualError extends Error {}

/** How long the step may wait for one thing; generous, for a slow 2-core machine. */
export const WAIT = {
  workbench: 180_000, // first load of the workbench, extension host and language server
  squiggle: 120_000,
  widget: 60_000,
  job: 120_000,
};

/**
 * Waits until `locator` (its first match) is visible. On timeout, throws a VisualError naming `what`.
 * @param {import('playwright-core').Locator} locator
 */
export async function visible(locator, what, timeout = WAIT.widget) {
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
  } catch (err) {
    if (!/Timeout/i.test(err?.message ?? '')) throw err;
    throw new VisualError(`waited ${secs(timeout)} for ${what}, and it did not appear`);
  }
  return locator.first();
}

/** Polls `probe()` (a cheap state read: the DOM, the mock's API) until it returns a value. */
export async function until(probe, what, timeout, page) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await probe();
    if (last !== undefined && last !== null && last !== false) return last;
    if (Date.now() > deadline) throw new VisualError(`waited ${secs(timeout)} for ${what}, and it did not happen`);
    // Yields to the page's own event loop between probes; not a fixed wait for a result.
    await page.waitForTimeout(250);
  }
}

/** Waits until the element's box stops changing (a widget laying itself out after rendering). */
export async function settled(locator, what, page) {
  let last = '';
  let same = 0;
  await until(async () => {
    const box = await locator.first().boundingBox();
    const key = box ? [box.x, box.y, box.width, box.height].map(Math.round).join(',') : 'none';
    same = key === last ? same + 1 : 0;
    last = key;
    return same >= 2;
  }, `${what} to stop moving`, WAIT.widget, page);
}

export const textOf = async (locator) => ((await locator.first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

// ------------------------------------------------------------------------------------------------
// User gestures

/**
 * Ctrl+P, type the file name, wait for it among the results, then type `:line:column` if given,
 * Enter, and wait for its editor tab to be active. (Quick Open's file search finds nothing for a
 * first query that already holds `:line:column`; typed after the name, as people do, it works.)
 * A query with no result in 20s is typed again, in a new Quick Open, up to three times.
 */
export async function quickOpen(page, fileName, position) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  // Only a file result (or the recently opened file itself) will do, not another recent file.
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: fileName });
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+P');
    await visible(input, 'the Quick Open box after Ctrl+P');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(fileName);
    try {
      await visible(row, `"${fileName}" among the Quick Open results`, 20_000);
      if (position) {
        await page.keyboard.type(`:${position.line}:${position.column}`);
        await visible(row, `"${fileName}" among the Quick Open results for "${fileName}:${position.line}:${position.column}"`, 20_000);
      }
      break;
    } catch (err) {
      if (!(err instanceof VisualError) || attempt >= 3) throw err;
      say(`  (Quick Open did not show "${fileName}" in 20s; trying again)`);
      await page.keyboard.press('Escape');
      await page.locator('.quick-input-widget').first().waitFor({ state: 'hidden', timeout: WAIT.widget }).catch(() => {});
    }
  }
  await page.keyboard.press('Enter');
  await visible(page.locator(`.part.editor .tabs-container .tab.active[aria-label*="${fileName}"]`), `an active editor tab for ${fileName}`);
  await visible(page.locator('.part.editor .editor-instance .monaco-editor.focused'), `the editor of ${fileName} to take the keyboard focus`);
}

/** F1, type the command's title, wait for it in the list, Enter. */
export async function runCommand(page, title) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await page.keyboard.press('F1');
  await visible(input, 'the command palette after F1');
  await page.keyboard.type(title);
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: title });
  await visible(row, `the command "${title}" in the command palette`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').first().waitFor({ state: 'hidden', timeout: WAIT.widget }).catch(() => {
    throw new VisualError(`the command palette stayed open after choosing "${title}"`);
  });
}

/** Closes every notification toast, so the next picture shows only what the step is about. */
export async function clearNotifications(page) {
  if ((await page.locator('.notification-toast').count()) === 0) return;
  await runCommand(page, 'Notifications: Clear All Notifications');
  await page.locator('.notification-toast').first().waitFor({ state: 'detached', timeout: WAIT.widget }).catch(() => {});
}

/**
 * Points at `token` until `hover` shows. A CodeLens or inlay hint arriving shifts the lines and closes
 * a hover that had opened, so the pointer is moved onto the token where it is now, again (4 tries).
 */
export async function hoverToken(page, token, name, hover, what) {
  for (let attempt = 1; ; attempt++) {
    await settled(token, `the ${name} token`, page);
    const box = await token.first().boundingBox();
    if (!box) throw new VisualError(`the ${name} token has no box on screen`);
    // Moves in from the side, as a pointer does; the editor shows its hover after its own delay.
    await page.mouse.move(box.x - 40, box.y + box.height / 2);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 8 });
    try {
      await visible(hover, what, 15_000);
      return;
    } catch (err) {
      if (!(err instanceof VisualError) || attempt >= 4) throw err;
      say(`  (no hover over ${name} within 15s; pointing at it again)`);
      await pointerAway(page);
    }
  }
}

/** Moves the pointer to an empty spot and lets any workbench tooltip it left behind go away. */
export async function pointerAway(page) {
  await page.mouse.move(800, 890, { steps: 4 }); // the status bar's empty middle
  await page.locator('.workbench-hover-container, .monaco-hover.workbench-hover').first().waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {});
}

// Widgets fade in: `animations: 'disabled'` finishes those animations, so a picture never shows
// a half-transparent hover.
const SHOT = { animations: 'disabled', caret: 'initial', timeout: 30_000 };

export async function shoot(page, file) {
  await page.screenshot({ path: file, ...SHOT });
  const size = statSync(file).size;
  if (size < MIN_PNG_BYTES) throw new VisualError(`${relative(process.cwd(), file)} is only ${size} bytes: a blank picture, not a workbench`);
  return size;
}

/** No pointer, widget or notification left over from the step before. */
export async function freshScreen(page) {
  await pointerAway(page);
  await page.keyboard.press('Escape');
  await clearNotifications(page);
}

/** The mock API as the steps ask it: `api` answers the response (refusing any that is not ok), `jobIds` the jobs it holds. */
export function mockClient(mock) {
  const api = async (path, init = {}) => {
    const r = await fetch(`${mock.url}${path}`, { ...init, headers: { authorization: `Bearer ${mock.key}`, ...(init.headers ?? {}) }, signal: AbortSignal.timeout(10_000) });
    if (!r.ok) throw new VisualError(`the mock API answered ${r.status} to ${init.method ?? 'GET'} ${path}: ${await r.text()}`);
    return r;
  };
  const jobIds = async () => new Set((await (await api('/v1/batch/jobs?page_size=1000')).json()).data.map((j) => j.id));
  return { api, jobIds };
}
