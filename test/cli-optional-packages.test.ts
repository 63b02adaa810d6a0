/**
 * `peer` and `ws` are optional peer dependencies: what needs them says what
 * to install when they are missing, and other failures pass through.
 */
import { describe, expect, it } from 'vitest';
import { loadWithPackages, MissingPackageError } from '../src/cli/optional-packages.ts';

function notFound(name: string): Error {
  const error = new Error(`Cannot find package '${name}' imported from /game/node_modules/peermatch/lib/server/relay.js`) as NodeJS.ErrnoException;
  error.code = 'ERR_MODULE_NOT_FOUND';
  return error;
}

describe('loading a command that needs optional packages', () => {
  it('names the command, the packages and the npm install line when one is missing', async () => {
    const loading = loadWithPackages('peermatch serve', ['peer', 'ws'], () => Promise.reject(notFound('ws')));
    await expect(loading).rejects.toBeInstanceOf(MissingPackageError);
    await expect(loading).rejects.toThrow('peermatch serve needs the optional packages peer and ws (ws not installed): run "npm install peer@1.0 ws@8"');
  });

  it('passes other failures through unchanged', async () => {
    const other = notFound('left-pad');
    await expect(loadWithPackages('peermatch serve', ['peer', 'ws'], () => Promise.reject(other))).rejects.toBe(other);
    const syntax = new SyntaxError('Unexpected token');
    await expect(loadWithPackages('peermatch host', ['ws'], () => Promise.reject(syntax))).rejects.toBe(syntax);
  });

  it('resolves with the module when everything is installed', async () => {
    await expect(loadWithPackages('peermatch host', ['ws'], async () => ({ ok: true }))).resolves.toEqual({ ok: true });
  });
});
