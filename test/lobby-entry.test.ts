/**
 * The `peermatch/lobby` library entry stays a browser module: nothing it
 * imports, directly or not, reaches Node built-ins, `ws`, the server, the
 * hosts or the testing helpers; its only package imports are lit, peerjs
 * and idb-keyval (the library build leaves those external).
 */
import { describe, expect, it } from 'vitest';
import { reachableImports as reachable } from './support/import-graph.ts';

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
