/**
 * The import graph of a source entry, for architecture tests: every module
 * specifier reachable from `entry` through relative imports (static, side
 * effect, dynamic `import()`, and worker entries `new URL('./x.ts', ...)`),
 * type-only imports excepted. Block comments are skipped (they hold usage
 * examples, not imports).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const IMPORT = /(?:import|export)\s(?!type\b)[^'"]*?from\s+'([^']+)'|import\s+'([^']+)'|import\(\s*'([^']+)'\s*\)|new URL\('([^']+\.ts)'/g;

/** Every import reachable from `entry` (a path from the repo root), with the file (from the root) that makes it. */
export function reachableImports(entry: string): { from: string; spec: string }[] {
  const seen = new Set<string>();
  const found: { from: string; spec: string }[] = [];
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    for (const match of text.matchAll(IMPORT)) {
      const spec = (match[1] ?? match[2] ?? match[3] ?? match[4])!;
      found.push({ from: file.slice(root.length), spec });
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
    }
  };
  visit(resolve(root, entry));
  return found;
}

/** Every import statement of a source text: its specifier and whether it is type-only. */
const ANY_IMPORT = /(?:import|export)\s(type\s)?[^'"]*?from\s+'([^']+)'|import\s+'([^']+)'|import\(\s*'([^']+)'\s*\)|new URL\('([^']+\.ts)'/g;

/**
 * The graph of relative imports between the `.ts` files under `dir` (a path
 * from the repo root): file -> the files it imports, paths from the repo
 * root. Type-only imports count (a cycle of types still ties two modules
 * together), and so do dynamic `import()`s (a lazy import is still a dependency).
 */
export function importGraph(dir: string): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const walk = (path: string): void => {
    for (const name of readdirSync(path)) {
      const full = resolve(path, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) graph.set(full.slice(root.length + 1), importsOf(full));
    }
  };
  walk(resolve(root, dir));
  return graph;
}

function importsOf(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const targets = new Set<string>();
  for (const match of text.matchAll(ANY_IMPORT)) {
    const spec = (match[2] ?? match[3] ?? match[4] ?? match[5])!;
    if (spec.startsWith('.') && spec.endsWith('.ts')) targets.add(resolve(dirname(file), spec).slice(root.length + 1));
  }
  return targets;
}

/**
 * The import cycles of `graph`: one entry per strongly connected group of
 * files (Tarjan's algorithm), each a list of files in a path order that
 * closes on its first file (`a -> b -> a`); a file importing itself is one too.
 */
export function importCycles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const connect = (file: string): void => {
    index.set(file, counter);
    low.set(file, counter++);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        connect(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== file);
    if (group.length > 1 || graph.get(file)?.has(file)) groups.push(group);
  };
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) connect(file);
  return groups.map((group) => cyclePath(graph, group));
}

/** A closed path through every file of a strongly connected group (shortest hops from its first file, in order). */
function cyclePath(graph: ReadonlyMap<string, ReadonlySet<string>>, group: string[]): string[] {
  const members = new Set(group);
  const start = [...group].sort()[0]!;
  // Breadth-first back to `start`, so the reported cycle is a real path of imports.
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const next of graph.get(file) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [file];
        while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
        const rest = group.filter((member) => !path.includes(member)).sort();
        return rest.length === 0 ? [...path, start] : [...path, start, ...rest.map((member) => `(also in the group: ${member})`)];
      }
      if (!previous.has(next) && next !== start) {
        previous.set(next, file);
        queue.push(next);
      }
    }
  }
  return group;
}
