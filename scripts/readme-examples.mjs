#!/usr/bin/env node
/**
 * The README's code examples are files of examples/ that the tests run
 * (test/package-consumer.test.ts runs examples/game against the packed
 * package). A fenced block right after `<!-- example: PATH -->` must be the
 * file's text; a code block in a language that runs (ts, js, html) needs
 * either that marker or `<!-- fragment: why -->` (a piece of a larger program).
 *
 * `node scripts/readme-examples.mjs` checks (exit 1 with the problems);
 * `--write` copies the files into their blocks.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const RUNNABLE = new Set(['ts', 'js', 'mjs', 'html', 'typescript', 'javascript']);
const BLOCK = /(?:<!-- (example|fragment): ([^>]+?) -->\n)?```(\w*)\n([\s\S]*?)```/g;

/** The README's runnable blocks: `{ kind: 'example' | 'fragment' | 'unmarked', target, lang, body, index, length }`. */
export function readmeBlocks(text) {
  return [...text.matchAll(BLOCK)].map((m) => ({ kind: m[1] ?? 'unmarked', target: m[2]?.trim(), lang: m[3], body: m[4], index: m.index, length: m[0].length }));
}

/** Problems of `text` (the README) against the example files; empty when every block is as it should be. */
export function readmeProblems(text, root = ROOT) {
  const problems = [];
  for (const block of readmeBlocks(text)) {
    const line = text.slice(0, block.index).split('\n').length;
    if (block.kind === 'example') {
      let file;
      try {
        file = readFileSync(join(root, block.target), 'utf8');
      } catch {
        problems.push(`README.md:${line}: example ${block.target} does not exist`);
        continue;
      }
      if (block.body !== file) problems.push(`README.md:${line}: the block differs from ${block.target} (run node scripts/readme-examples.mjs --write)`);
    } else if (block.kind === 'unmarked' && RUNNABLE.has(block.lang)) {
      problems.push(`README.md:${line}: a ${block.lang} block with neither <!-- example: PATH --> nor <!-- fragment: why -->`);
    }
  }
  return problems;
}

/** `text` with every example block replaced by its file. */
export function withExamples(text, root = ROOT) {
  return text.replace(BLOCK, (whole, kind, target, lang) => {
    if (kind !== 'example') return whole;
    return `<!-- example: ${target.trim()} -->\n\`\`\`${lang}\n${readFileSync(join(root, target.trim()), 'utf8')}\`\`\``;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = join(ROOT, 'README.md');
  const text = readFileSync(path, 'utf8');
  if (process.argv.includes('--write')) writeFileSync(path, withExamples(text));
  const problems = readmeProblems(readFileSync(path, 'utf8'));
  for (const problem of problems) console.error(problem);
  process.exit(problems.length > 0 ? 1 : 0);
}
