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

/** The same slip tends to repeat across thousands of requests: remember recent answers. */
const memo = new Map<string, string | null>();
const MEMO_LIMIT = 4096;

/** The closest candidate when it is close enough to be a likely typo, else undefined. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  const key = `${word}\u0000${list.join('\u0000')}`;
  const known = memo.get(key);
  if (known !== undefined) return known ?? undefined;
  const found = closest(word, list);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, found ?? null);
  return found;
}

function closest(word: string, candidates: string[]): string | undefined {
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
