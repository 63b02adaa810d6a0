/**
 * Dependencies point inward: the pure core imports nothing from the edges
 * (worker, node, net, host, server, ui) and touches no timers, clocks,
 * randomness, DOM or storage of its own.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

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
