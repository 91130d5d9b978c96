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
 * The same slip tends to repeat across thousands of requests, against lists of names that differ a
 * little from one request to the next (the names not yet used): remember each word's score against
 * each candidate, so a repeated word costs a lookup per candidate.
 */
const scores = new Map<string, Map<string, number>>();
const MEMO_LIMIT = 4096;
/** A candidate that equals the word up to case and separators: the closest possible match. */
const SAME = -1;

/** The closest candidate when it is close enough to be a likely typo, else undefined. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  let known = scores.get(word);
  if (!known) {
    if (scores.size >= MEMO_LIMIT) scores.clear();
    scores.set(word, (known = new Map()));
  }
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    let d = known.get(candidate);
    if (d === undefined) known.set(candidate, (d = score(word, candidate, limit)));
    if (d === SAME) return candidate;
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** SAME, the edit distance ignoring case, or Infinity when the lengths alone rule the candidate out. */
function score(word: string, candidate: string, limit: number): number {
  if (normalise(candidate) === normalise(word)) return SAME;
  if (Math.abs(candidate.length - word.length) > limit) return Infinity;
  return editDistance(word.toLowerCase(), candidate.toLowerCase());
}

function normalise(s: string): string {
  return s.toLowerCase().replace(/[-_\s]/g, '');
}
