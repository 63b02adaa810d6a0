/**
 * The import graph of a source entry, for architecture tests: every module
 * specifier reachable from `entry` through relative imports (static, side
 * effect, dynamic `import()`, and worker entries `new URL('./x.ts', ...)`),
 * type-only imports excepted. Block comments are skipped (they hold usage
 * examples, not imports).
 */
import { readFileSync } from 'node:fs';
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
