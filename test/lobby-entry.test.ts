/**
 * The `peermatch/lobby` library entry stays a browser module: nothing it
 * imports, directly or not, reaches Node built-ins, `ws`, the server, the
 * hosts or the testing helpers; its only package imports are lit, peerjs
 * and idb-keyval (the library build leaves those external).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

function reachable(entry: string): { from: string; spec: string }[] {
  const seen = new Set<string>();
  const found: { from: string; spec: string }[] = [];
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    // Block comments hold usage examples (`import 'peermatch/lobby'`), not imports.
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    for (const match of text.matchAll(/(?:import|export)\s(?!type\b)[^'"]*?from\s+'([^']+)'|import\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)) {
      const spec = (match[1] ?? match[2] ?? match[3])!;
      found.push({ from: file.slice(root.length), spec });
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
    }
  };
  visit(resolve(root, entry));
  return found;
}

describe('the lobby library entry', () => {
  it('imports nothing from Node, ws, the server, the hosts or the testing helpers', () => {
    const imports = reachable('src/lobby.ts');
    const offenders = imports.filter(
      ({ spec }) => spec.startsWith('node:') || spec === 'ws' || /\/(server|node|testing|worker)\//.test(spec) || /\/host\/(?!connection-info\.ts$)/.test(spec),
    );
    expect(imports.length).toBeGreaterThan(10);
    expect(offenders).toEqual([]);
  });

  it('uses no packages but lit, peerjs and idb-keyval', () => {
    const packages = new Set(reachable('src/lobby.ts').map(({ spec }) => spec).filter((spec) => !spec.startsWith('.')).map((spec) => spec.split('/')[0]));
    expect([...packages].sort()).toEqual(['idb-keyval', 'lit', 'peerjs']);
  });
});
