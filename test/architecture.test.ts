/**
 * Dependencies point inward: the pure core imports nothing from the edges
 * (worker, node, net, host, server, ui) and touches no timers, clocks,
 * randomness, DOM or storage of its own; no module of src/ is part of an
 * import cycle; the player client and the lobby element never import the
 * lobby host.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph } from './support/import-graph.ts';

const root = new URL('../src/core/', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const files = sourceFiles(root).map((path) => ({ path: relative(root, path), text: readFileSync(path, 'utf8') }));

describe('the pure core', () => {
  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('imports only from inside src/core and from jsonc-parser', () => {
    const offenders = files.flatMap(({ path, text }) =>
      [...text.matchAll(/from\s+'([^'.][^']*)'/g)]
        .map((m) => m[1]!)
        .filter((spec) => spec !== 'jsonc-parser')
        .map((spec) => `${path} imports package ${spec}`),
    );
    const escapes = files.flatMap(({ path, text }) =>
      [...text.matchAll(/from\s+'(\.[^']+)'/g)]
        .map((m) => m[1]!)
        .filter((spec) => {
          const depth = path.split('/').length - 1;
          const ups = spec.split('/').filter((part) => part === '..').length;
          return ups > depth;
        })
        .map((spec) => `${path} imports ${spec} (outside src/core)`),
    );
    expect([...offenders, ...escapes]).toEqual([]);
  });

  it('never reads the clock, random numbers, timers, the DOM or storage itself', () => {
    const forbidden = /(?<![.\w])(Date\.now|new Date\(\)|Math\.random|setTimeout|setInterval|document\.|window\.|localStorage|indexedDB)/;
    const offenders = files
      .flatMap(({ path, text }) =>
        text
          .split('\n')
          .map((line, i) => ({ line: /^\s*(\/\*\*|\*)/.test(line) ? '' : line.replace(/\/\/.*$/, ''), n: i + 1 }))
          .filter(({ line }) => forbidden.test(line))
          .map(({ line, n }) => `${path}:${n}: ${line.trim()}`),
      );
    expect(offenders).toEqual([]);
  });
});

/**
 * Temporary exceptions to "no client or lobby element imports src/host":
 * a host file that browser code still imports, with the reason. The test
 * fails when an entry's file no longer exists, so the list only shrinks.
 */
const HOST_IMPORT_EXCEPTIONS: Record<string, string> = {};

/** The rooms that must not import src/host (src/elements/host-console may: it runs a host). */
const HOST_FREE_ROOMS = ['src/client/', 'src/elements/lobby/'];

/** Imports from a host-free room into src/host, as "from -> to" lines, exceptions left out. */
function hostImports(graph: ReadonlyMap<string, ReadonlySet<string>>, exceptions: Readonly<Record<string, string>> = {}): string[] {
  return [...graph]
    .filter(([file]) => HOST_FREE_ROOMS.some((room) => file.startsWith(room)))
    .flatMap(([file, targets]) => [...targets].filter((target) => target.startsWith('src/host/') && !(target in exceptions)).map((target) => `${file} -> ${target}`));
}

describe('the import graph of src/', () => {
  const graph = importGraph('src');

  it('covers the whole source tree', () => {
    expect(graph.size).toBeGreaterThan(200);
    expect(graph.get('src/client/relay-socket.ts')).toContain('src/net/relay-link.ts');
  });

  it('has no import cycle (type-only and dynamic imports count)', () => {
    expect(importCycles(graph).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });

  it('has no import from src/client/ or src/elements/lobby/ into src/host/', () => {
    expect(hostImports(graph, HOST_IMPORT_EXCEPTIONS)).toEqual([]);
  });

  it('lists only host-import exceptions that still exist', () => {
    expect(Object.keys(HOST_IMPORT_EXCEPTIONS).filter((file) => !existsSync(new URL(`../${file}`, import.meta.url)))).toEqual([]);
  });
});

describe('the import graph checks', () => {
  const synthetic = (edges: Record<string, string[]>) => new Map(Object.entries(edges).map(([file, targets]) => [file, new Set(targets)]));

  it('report a cycle through three files as the path that closes it', () => {
    const graph = synthetic({ 'src/a.ts': ['src/b.ts'], 'src/b.ts': ['src/c.ts'], 'src/c.ts': ['src/a.ts'], 'src/d.ts': ['src/a.ts'] });

    expect(importCycles(graph)).toEqual([['src/a.ts', 'src/b.ts', 'src/c.ts', 'src/a.ts']]);
  });

  it('report a file that imports itself, and nothing for a graph without cycles', () => {
    expect(importCycles(synthetic({ 'src/a.ts': ['src/a.ts'] }))).toEqual([['src/a.ts', 'src/a.ts']]);
    expect(importCycles(synthetic({ 'src/a.ts': ['src/b.ts'], 'src/b.ts': ['src/c.ts'], 'src/c.ts': [] }))).toEqual([]);
  });

  it('report each of two separate cycles', () => {
    const graph = synthetic({ 'src/a.ts': ['src/b.ts'], 'src/b.ts': ['src/a.ts'], 'src/x.ts': ['src/y.ts'], 'src/y.ts': ['src/x.ts'] });

    expect(importCycles(graph)).toHaveLength(2);
  });

  it('report a client or lobby element file importing src/host, but not the host console', () => {
    const graph = synthetic({
      'src/client/a.ts': ['src/host/ledger.ts', 'src/net/protocol.ts'],
      'src/elements/lobby/b.ts': ['src/host/lobby-host.ts'],
      'src/elements/host-console/c.ts': ['src/host/host-runtime.ts'],
    });

    expect(hostImports(graph)).toEqual(['src/client/a.ts -> src/host/ledger.ts', 'src/elements/lobby/b.ts -> src/host/lobby-host.ts']);
  });

  it('read type-only and dynamic imports from real source text', () => {
    const graph = importGraph('src/cli');

    expect(graph.get('src/cli/main.ts')).toContain('src/server/serve-command.ts');
    expect(graph.get('src/cli/validate-command.ts')).toContain('src/cli/command.ts');
  });
});
