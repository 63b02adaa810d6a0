/**
 * The browser host stays browser-safe: nothing it imports, directly or not,
 * reaches Node built-ins, `ws`, the server or the Node thread host.
 */
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
