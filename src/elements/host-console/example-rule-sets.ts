/// <reference types="vite/client" />
/**
 * The example rule sets of examples/rulesets (the guide's eleven and the duel), bundled as
 * text (comments kept), in file order, for the console's example picker and
 * the simulator's rule set B.
 */

/** One example: its file name without `.jsonc`, and its text. */
export interface ExampleRuleSet {
  name: string;
  body: string;
}

const files = import.meta.glob('../../../examples/rulesets/*.jsonc', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

/** Every example, sorted by file name (`01-aliens-vs-cowboys` first). */
export const EXAMPLE_RULE_SETS: readonly ExampleRuleSet[] = Object.entries(files)
  .map(([path, body]) => ({ name: path.split('/').pop()!.replace(/\.jsonc$/, ''), body }))
  .sort((a, b) => a.name.localeCompare(b.name));
