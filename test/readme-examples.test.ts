/**
 * The README's runnable code is the files of examples/game, which
 * test/package-consumer.test.ts runs against the packed package: here, that
 * every such block is its file, word for word, and that no runnable block
 * is left unmarked.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without declarations
import { readmeBlocks, readmeProblems } from '../scripts/readme-examples.mjs';

type Block = { kind: string; target?: string; lang: string; body: string };
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('the README examples', () => {
  it('are the files the consumer test runs, and every runnable block is one or is marked a fragment', () => {
    expect(readmeProblems(readme)).toEqual([]);
  });

  it('show the install, the 1v1, the client, the embedded lobby and the Playwright test from examples/game', () => {
    const examples = (readmeBlocks(readme) as Block[]).filter((block) => block.kind === 'example').map((block) => block.target);
    expect(examples).toEqual(
      expect.arrayContaining([
        'examples/game/duel.mjs',
        'examples/game/client.ts',
        'examples/game/index.html',
        'examples/game/game.js',
        'examples/game/playwright.config.ts',
        'examples/game/game.spec.ts',
      ]),
    );
  });

  it('reports a block that drifted from its file, and an unmarked one', () => {
    const drifted = readme.replace("import { Matchmaker } from 'peermatch';", "import { Matchmaker } from './src/index.ts';");
    expect(readmeProblems(drifted)).toEqual([expect.stringContaining('differs from examples/game/duel.mjs')]);
    expect(readmeProblems('```ts\nstartGame();\n```\n')).toEqual(['README.md:1: a ts block with neither <!-- example: PATH --> nor <!-- fragment: why -->']);
  });
});
