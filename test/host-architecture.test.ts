/**
 * The browser host stays browser-safe: nothing it imports, directly or not,
 * reaches Node built-ins, `ws`, the server or the Node thread host.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reachableImports as reachable } from './support/import-graph.ts';

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

describe('the browser client and the lobby element (the host console element is the host\'s UI and may)', () => {
  it('import nothing from src/host, not even types (the wire contract lives in src/net)', () => {
    const root = new URL('../', import.meta.url).pathname;
    const files = ['src/client', 'src/elements/lobby']
      .flatMap((dir) => readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' }).map((name) => join(dir, name)))
      .concat(['src/client.ts', 'src/lobby.ts'])
      .filter((path) => path.endsWith('.ts'));
    const offenders = files.flatMap((path) =>
      [...readFileSync(join(root, path), 'utf8').matchAll(/from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)]
        .map((match) => (match[1] ?? match[2])!)
        .filter((spec) => spec.startsWith('.') && resolve(dirname(join(root, path)), spec).startsWith(join(root, 'src/host/')))
        .map((spec) => `${path} imports ${spec}`),
    );

    expect(files.length).toBeGreaterThan(10);
    expect(offenders).toEqual([]);
  });
});
