/**
 * The browser host stays browser-safe: nothing it imports, directly or not,
 * reaches Node built-ins, `ws`, the server or the Node thread host.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Every module specifier reachable from `entry` through relative imports, with the file that imports it. */
function reachable(entry: string): { from: string; spec: string }[] {
  const seen = new Set<string>();
  const found: { from: string; spec: string }[] = [];
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)|new URL\('([^']+\.ts)'/g)) {
      const spec = (match[1] ?? match[2] ?? match[3])!;
      found.push({ from: file.slice(root.length), spec });
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
    }
  };
  visit(resolve(root, entry));
  return found;
}

describe('the browser host', () => {
  it('imports nothing from Node, ws, src/server or src/node', () => {
    const imports = reachable('src/host/browser-host.ts');
    const offenders = imports.filter(
      ({ spec }) => spec.startsWith('node:') || spec === 'ws' || /\/server\//.test(spec) || /\/node\//.test(spec),
    );

    expect(imports.length).toBeGreaterThan(10);
    expect(offenders).toEqual([]);
  });
});
