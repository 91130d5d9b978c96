// Generated benchmark inputs: chat-completion batch files of a given size, pretty-printed with two
// spaces like an editor's formatter would, with realistic message text (about 700 bytes a request,
// so 10,000 requests make about 7 MB). Deterministic: the same size always gives the same text.

import { prng } from '../test/support/random';

const SYSTEM_PROMPTS = [
  'You sort customer support tickets. Answer with one word: billing, bug, account or other.',
  'You are a careful assistant who summarises documents for busy engineers. Keep answers under five sentences and never invent facts that are not in the text.',
  'Translate the user message into French. Keep product names, numbers and code in their original form.',
  'You extract structured data. Reply with a JSON object holding the keys "name", "date" and "amount"; use null for anything missing.',
  'You write short, friendly replies to support tickets. Thank the customer, answer the question, and point to the help centre when useful.',
  'Classify the sentiment of the review as positive, neutral or negative, then give a one-line reason.',
];

const OPENERS = ['Hello, ', 'Hi team, ', 'Quick question: ', 'Please help. ', '', 'Good morning. ', 'Following up on my last message: '];
const SUBJECTS = ['the export button', 'my invoice for March', 'the password reset email', 'our team workspace', 'the mobile app', 'the API dashboard', 'the billing page', 'the nightly sync job', 'the shared calendar', 'my subscription'];
const PROBLEMS = [
  'does nothing when I click it in Firefox',
  'shows a different amount than the one I was charged',
  'never arrives, even after I checked the spam folder',
  'has been unavailable since this morning',
  'crashes right after the splash screen on Android 14',
  'returns a 502 error about one time in ten',
  'asks me to log in again every few minutes',
  'lists users who left the company months ago',
];
const DETAILS = [
  'We have a client demo at 3pm and need this fixed before then.',
  'I already tried clearing the cache and restarting the browser.',
  'This started after the update you rolled out last week.',
  'Two colleagues see the same thing on their machines.',
  'Could you tell me whether this is a known issue and when it will be resolved?',
  'Our account id is 48213 and the plan is the annual business one.',
  'Attached is the text of the error: "upstream connect error or disconnect/reset before headers".',
  'It would be great to get a refund for the days we could not use the service.',
];
const ANSWERS = [
  'Thanks for reaching out! I have forwarded this to our engineering team, who are looking into it now.',
  'Sorry about the trouble. Could you tell me which version of the app you are using?',
  'Hi! You can change it in a few steps: open Settings, choose Account, then Email.',
  'This was a known issue and it is fixed in the latest release; please update and try again.',
];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)];
}

function userText(rand: () => number, more: number): string {
  const parts = [`${pick(rand, OPENERS)}${pick(rand, SUBJECTS)} ${pick(rand, PROBLEMS)}.`];
  const extra = 1 + more + Math.floor(rand() * 4);
  for (let k = 0; k < extra; k++) parts.push(pick(rand, DETAILS));
  return parts.join(' ');
}

/** How a request of the all-invalid variant is broken; every request gets exactly one. */
export const INVALID_KINDS = ['role "usr"', 'temperature 9', 'max_tokens -5', 'unknown property "temprature"'] as const;

export interface GenerateOptions {
  /** Every request carries one schema problem (see INVALID_KINDS, in turn). */
  invalid?: boolean;
  seed?: number;
}

export function customId(i: number): string {
  return `req-${String(i).padStart(5, '0')}`;
}

/**
 * Request `i` of a generated input: one to three messages, some sampling options. `more`: detail
 * sentences added to the user's message (about 60 bytes each), for inputs of longer requests.
 */
export function chatRequest(rand: () => number, i: number, invalid: boolean, more = 0): { custom_id: string; body: Record<string, unknown> } {
  const shape = Math.floor(rand() * 3);
  const messages: Array<Record<string, unknown>> = [];
  if (shape >= 1) messages.push({ role: 'system', content: pick(rand, SYSTEM_PROMPTS) });
  messages.push({ role: 'user', content: userText(rand, more) });
  // A conversation that ends with the assistant is a prefix for the model to continue: the API refuses any other.
  if (shape === 2) messages.push({ role: 'assistant', content: pick(rand, ANSWERS), prefix: true });
  const body: Record<string, unknown> = { messages };
  if (rand() < 0.7) body.max_tokens = 50 * (1 + Math.floor(rand() * 8));
  if (rand() < 0.5) body.temperature = Math.round(rand() * 10) / 10;
  if (rand() < 0.15) body.top_p = 0.9;
  if (rand() < 0.1) body.random_seed = Math.floor(rand() * 1000);
  if (rand() < 0.1) body.response_format = { type: 'json_object' };
  if (rand() < 0.05) body.stop = ['\n\n'];
  if (invalid) {
    switch (i % INVALID_KINDS.length) {
      case 0:
        messages[0].role = 'usr';
        break;
      case 1:
        body.temperature = 9;
        break;
      case 2:
        body.max_tokens = -5;
        break;
      default:
        body.temprature = 0.5;
    }
  }
  return { custom_id: customId(i), body };
}

/** A batch file with `n` chat requests of one to three messages each. */
export function generateBatch(n: number, options: GenerateOptions = {}): string {
  const rand = prng(options.seed ?? 20240611);
  const requests = [];
  for (let i = 0; i < n; i++) requests.push(chatRequest(rand, i, options.invalid ?? false));
  const job = {
    endpoint: '/v1/chat/completions',
    model: 'mistral-small-latest',
    timeout_hours: 24,
    metadata: { project: 'support-triage', owner: 'data-team' },
    requests,
  };
  return JSON.stringify(job, null, 2) + '\n';
}

/** Offsets of interest inside the middle request, where the edit, the completion and the hover happen. */
export interface Spots {
  /** Index of the middle request. */
  index: number;
  /** Inside the first message's `content` string: where one character is typed. */
  edit: number;
  /** Just inside the opening quote of the body's `"messages"` key: property-name completion. */
  completion: number;
  /** On the `role` key of the first message. */
  hover: number;
  /** The middle request's closing `}`: deleting it is a structural edit. */
  closing: number;
}

/** Spots in `text` (as generated above) for request `index`; offsets are valid before the edit. */
export function spotsIn(text: string, index: number): Spots {
  const at = (needle: string, from: number): number => {
    const i = text.indexOf(needle, from);
    if (i < 0) throw new Error(`bench input: ${needle} not found after offset ${from}`);
    return i;
  };
  const request = at(`"custom_id": "${customId(index)}"`, 0);
  const messages = at('"messages"', request);
  const role = at('"role"', messages);
  const content = at('"content": "', role);
  // The edit point comes after the other two, so typing there does not move them.
  const next = text.indexOf(`"custom_id": "${customId(index + 1)}"`, request);
  const closing = text.lastIndexOf('}', next < 0 ? text.lastIndexOf(']') : next);
  return { index, edit: content + '"content": "'.length + 5, completion: messages + 1, hover: role + 2, closing };
}
