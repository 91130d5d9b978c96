// "Did you mean" for misspelt property names: optimal string alignment distance (adjacent swaps count
// as one edit, so `modle` is one edit from `model`) with a threshold that grows with the word.

export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  if (m === 0) return n;
  if (n === 0) return m;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}

/**
 * The same slip tends to repeat across thousands of requests: remember recent answers, per word and
 * candidate list. Lists are compared item by item, which is cheaper than joining them into a key.
 */
const memo = new Map<string, { list: readonly string[]; found: string | undefined }[]>();
const MEMO_LIMIT = 4096;
const LISTS_PER_WORD = 8;

/** The closest candidate when it is close enough to be a likely typo, else undefined. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  let known = memo.get(word);
  if (known) {
    for (const entry of known) if (sameList(entry.list, candidates)) return entry.found;
  } else {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(word, (known = []));
  }
  const found = closest(word, candidates);
  if (known.length >= LISTS_PER_WORD) known.shift();
  known.push({ list: candidates.slice(), found });
  return found;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  const normalWord = normalise(word);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    // Case and separator slips (`maxTokens`, `Max-Tokens`) count as the closest possible match.
    if (normalise(candidate) === normalWord) return candidate;
    // Lengths further apart than the limit cannot be within it.
    if (Math.abs(candidate.length - word.length) > limit) continue;
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

function normalise(s: string): string {
  return s.toLowerCase().replace(/[-_\s]/g, '');
}
