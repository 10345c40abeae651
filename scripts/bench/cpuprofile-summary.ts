/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof` or BENCH_CPU_PROFILE): the functions and the modules
 * (package, or devnet source folder) with the most self time, as a share of the time the process was busy.
 *   node --require tsx/cjs scripts/bench/cpuprofile-summary.ts <file.cpuprofile> [top=15]
 */
import { readFileSync } from 'node:fs';

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

/** Where a script belongs: its npm package, its dev network source folder, or node's internals. */
function moduleOf(url: string): string {
  if (url === '') return '(native / V8)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const devnet = /network\/devnet\/(?:src|dist)\/([^/]+)/.exec(url);
  if (devnet) return `devnet/${devnet[1].replace(/\.[jt]s$/, '')}`;
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  return url.replace(/^.*\/scenechain[^/]*\//, '');
}

function summarise(file: string, top: number): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  // Native code (crypto, LevelDB, stream writes) shows without a script: it is charged to the script calling it.
  // V8's own entries, e.g. (garbage collector) and (program), stay as they are.
  const chargedTo = (id: number): ProfileNode => {
    const node = byId.get(id)!;
    if (node.callFrame.url !== '' || node.callFrame.functionName.startsWith('(')) return node;
    for (let up = parentOf.get(id); up !== undefined; up = parentOf.get(up)) {
      if (byId.get(up)!.callFrame.url !== '') return byId.get(up)!;
    }
    return node;
  };
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  // Idle time is the process waiting, not working: shares are of the CPU time the process used.
  const idleIds = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  const idle = [...idleIds].reduce((sum, id) => sum + (selfUs.get(id) ?? 0), 0);
  idleIds.forEach((id) => selfUs.delete(id));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const functions = new Map<string, number>();
  const modules = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = chargedTo(id).callFrame;
    const where = url ? `${url.replace(/^.*\/(node_modules|network)\//, '$1/')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    functions.set(key, (functions.get(key) ?? 0) + us);
    modules.set(moduleOf(url), (modules.get(moduleOf(url)) ?? 0) + us);
  }
  const print = (title: string, rows: Map<string, number>) => {
    console.log(title);
    [...rows]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .forEach(([name, us]) =>
        console.log(
          `${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${name}`,
        ),
      );
  };
  console.log(`${file}: ${(total / 1000).toFixed(0)} ms busy, ${(idle / 1000).toFixed(0)} ms idle`);
  print('self time by function', functions);
  print('self time by module', modules);
}

const [file, top] = process.argv.slice(2);
if (!file) throw new Error('usage: cpuprofile-summary.ts <file.cpuprofile> [top]');
summarise(file, Number(top ?? 15));
