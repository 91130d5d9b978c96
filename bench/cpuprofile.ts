// Summarises a V8 CPU profile (from `node --cpu-prof`): the functions with the most self time and the
// most inclusive time. `node out/bench/cpuprofile.js <file.cpuprofile | directory> [count]`
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function load(path: string): Profile {
  const file = statSync(path).isDirectory()
    ? join(path, readdirSync(path).filter((f) => f.endsWith('.cpuprofile')).sort().pop() ?? '')
    : path;
  return JSON.parse(readFileSync(file, 'utf8')) as Profile;
}

function main(): void {
  const path = process.argv[2];
  if (!path) throw new Error('usage: cpuprofile <file.cpuprofile | directory> [count]');
  const count = Number(process.argv[3] ?? 30);
  const profile = load(path);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n: ProfileNode) => {
    const file = n.callFrame.url.split('/').slice(-2).join('/');
    return `${n.callFrame.functionName || '(anonymous)'}${file ? ` ${file}:${n.callFrame.lineNumber + 1}` : ''}`;
  };
  const perNode = new Map<number, number>();
  profile.samples.forEach((id, i) => perNode.set(id, (perNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  for (const [id, us] of perNode) {
    total += us;
    const node = byId.get(id);
    if (!node) continue;
    self.set(name(node), (self.get(name(node)) ?? 0) + us);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur);
      if (!n) break;
      const key = name(n);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  const top = (m: Map<string, number>) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, count)
      .map(([k, us]) => `${(us / 1000).toFixed(1).padStart(9)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`).join('\n');
  process.stdout.write(`total ${(total / 1000).toFixed(0)} ms\n-- self --\n${top(self)}\n-- inclusive --\n${top(inclusive)}\n`);
}

main();
