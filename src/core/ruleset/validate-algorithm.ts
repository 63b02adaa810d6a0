/**
 * Validation and compilation of `algorithm`: each option's values, the
 * combinations the guide allows, and the strategy a match size needs.
 */
import type { AlgorithmConfig, BatchingPreference, Strategy } from './types.ts';
import type { JsonPath } from './jsonc.ts';
import type { CheckContext } from './validate-context.ts';
import type { AttributesInfo } from './validate-attributes.ts';
import { LARGE_MATCH_THRESHOLD } from './validate-teams.ts';
import {
  at,
  describeValue,
  has,
  isObject,
  list,
  own,
  quote,
  readChoice,
  suggestion,
  warnUnknownProperties,
} from './validate-context.ts';

const STRATEGIES: readonly Strategy[] = ['exhaustiveSearch', 'balanced'];
const BATCHING: readonly BatchingPreference[] = ['random', 'sorted', 'largestPopulation', 'fastestRegion'];
const AGE_SELECTION = ['newest', 'oldest'] as const;
const BACKFILL_PRIORITY = ['normal', 'low', 'high'] as const;
const ALGORITHM_PROPERTIES = [
  'strategy',
  'batchingPreference',
  'sortByAttributes',
  'balancedAttribute',
  'expansionAgeSelection',
  'backfillPriority',
] as const;

/** Which batching preferences fit which strategy (guide: "Valid only with strategy = ..."). */
const BATCHING_FOR: Record<Strategy, readonly BatchingPreference[]> = {
  exhaustiveSearch: ['random', 'sorted'],
  balanced: ['largestPopulation', 'fastestRegion'],
};

/**
 * Check `algorithm` (optional) against the declared attributes and the match
 * size (`maxPlayersTotal`, undefined when the teams could not be read).
 * Returns the configuration with defaults filled in, or undefined after an
 * error. More than 40 players without `balanced` is an error; `balanced` for
 * 40 or fewer is a warning: peermatch searches exhaustively, then balances.
 */
export function checkAlgorithm(
  ctx: CheckContext,
  root: Record<string, unknown>,
  attributes: AttributesInfo,
  maxPlayersTotal: number | undefined,
): AlgorithmConfig | undefined {
  const path: JsonPath = ['algorithm'];
  const raw = has(root, 'algorithm') ? own(root, 'algorithm') : {};
  if (!isObject(raw)) {
    ctx.error(path, `algorithm must be an object, got ${describeValue(raw)}`);
    return undefined;
  }
  warnUnknownProperties(ctx, raw, path, ALGORITHM_PROPERTIES, 'algorithm');
  const before = ctx.errorCount;
  const strategy = readChoice(ctx, raw, path, 'strategy', STRATEGIES) ?? 'exhaustiveSearch';
  const strategyOk = ctx.errorCount === before;
  const batching = readBatching(ctx, raw, path, strategy, strategyOk);
  const sortByAttributes = readSortBy(ctx, raw, path, batching, attributes);
  const balancedAttribute = readBalanced(ctx, raw, path, strategy, strategyOk, attributes);
  const expansionAgeSelection = readChoice(ctx, raw, path, 'expansionAgeSelection', AGE_SELECTION) ?? 'newest';
  const backfillPriority = readChoice(ctx, raw, path, 'backfillPriority', BACKFILL_PRIORITY) ?? 'normal';
  if (strategy === 'balanced' && backfillPriority !== 'normal') {
    ctx.error(
      at(path, 'backfillPriority'),
      `backfillPriority "${backfillPriority}" needs strategy "exhaustiveSearch" ` +
        `(the guide: backfill prioritization requires exhaustive search); it cannot be used with "balanced"`,
    );
  }
  if (strategyOk) checkMatchSize(ctx, path, strategy, balancedAttribute, maxPlayersTotal);
  if (ctx.errorCount !== before || batching === undefined) return undefined;
  const config: AlgorithmConfig = { strategy, batchingPreference: batching, sortByAttributes, expansionAgeSelection, backfillPriority };
  if (strategy === 'balanced' && balancedAttribute !== undefined) config.balancedAttribute = balancedAttribute;
  return config;
}

function readBatching(
  ctx: CheckContext,
  raw: Record<string, unknown>,
  path: JsonPath,
  strategy: Strategy,
  strategyOk: boolean,
): BatchingPreference | undefined {
  const before = ctx.errorCount;
  const chosen = readChoice(ctx, raw, path, 'batchingPreference', BATCHING);
  if (ctx.errorCount !== before) return undefined;
  if (chosen === undefined) return strategy === 'balanced' ? 'largestPopulation' : 'random';
  if (strategyOk && !BATCHING_FOR[strategy].includes(chosen)) {
    const other: Strategy = strategy === 'balanced' ? 'exhaustiveSearch' : 'balanced';
    ctx.error(
      at(path, 'batchingPreference'),
      `batchingPreference "${chosen}" is valid only with strategy "${other}", but the strategy is "${strategy}"` +
        `; with "${strategy}" use one of: ${list(BATCHING_FOR[strategy])}`,
    );
    return undefined;
  }
  return chosen;
}

function readSortBy(
  ctx: CheckContext,
  raw: Record<string, unknown>,
  path: JsonPath,
  batching: BatchingPreference | undefined,
  attributes: AttributesInfo,
): string[] {
  const where = at(path, 'sortByAttributes');
  if (!has(raw, 'sortByAttributes')) {
    if (batching === 'sorted') {
      ctx.error(where, 'batchingPreference "sorted" needs sortByAttributes: the declared attributes to sort the ticket pool by');
    }
    return [];
  }
  const value = own(raw, 'sortByAttributes');
  if (!Array.isArray(value) || value.length === 0) {
    ctx.error(where, `sortByAttributes must be a non-empty array of attribute names, got ${quote(value)}`);
    return [];
  }
  if (batching !== 'sorted' && batching !== undefined) {
    ctx.warning(where, `sortByAttributes is only used with batchingPreference "sorted" (it is "${batching}"); ignored`);
  }
  const names: string[] = [];
  value.forEach((name, i) => {
    if (typeof name !== 'string') {
      ctx.error(at(where, i), `sortByAttributes entries must be attribute names, got ${describeValue(name)}`);
    } else if (!attributes.declared.has(name)) {
      ctx.error(at(where, i), unknownAttribute(name, attributes));
    } else names.push(name);
  });
  return names;
}

function readBalanced(
  ctx: CheckContext,
  raw: Record<string, unknown>,
  path: JsonPath,
  strategy: Strategy,
  strategyOk: boolean,
  attributes: AttributesInfo,
): string | undefined {
  const where = at(path, 'balancedAttribute');
  if (!has(raw, 'balancedAttribute')) {
    if (strategy === 'balanced' && strategyOk) {
      ctx.error(where, 'strategy "balanced" needs balancedAttribute: a declared number attribute to balance teams on');
    }
    return undefined;
  }
  const name = own(raw, 'balancedAttribute');
  if (typeof name !== 'string') {
    ctx.error(where, `balancedAttribute must be an attribute name, got ${describeValue(name)}`);
    return undefined;
  }
  if (strategy !== 'balanced') {
    ctx.warning(where, `balancedAttribute is only used with strategy "balanced" (it is "${strategy}"); ignored`);
    return undefined;
  }
  if (!attributes.declared.has(name)) {
    ctx.error(where, unknownAttribute(name, attributes));
    return undefined;
  }
  const type = attributes.types.get(name);
  if (type !== undefined && type !== 'number') {
    ctx.error(where, `balancedAttribute "${name}" is a ${type} attribute; balancing needs a number attribute`);
    return undefined;
  }
  return name;
}

/** The strategy a match of `maxPlayersTotal` players needs. */
function checkMatchSize(
  ctx: CheckContext,
  path: JsonPath,
  strategy: Strategy,
  balancedAttribute: string | undefined,
  maxPlayersTotal: number | undefined,
): void {
  if (maxPlayersTotal === undefined) return;
  const where = at(path, 'strategy');
  if (strategy === 'exhaustiveSearch' && maxPlayersTotal > LARGE_MATCH_THRESHOLD) {
    ctx.error(
      where,
      `the teams allow ${maxPlayersTotal} players, a large match (more than ${LARGE_MATCH_THRESHOLD}); ` +
        `exhaustive search builds matches of at most ${LARGE_MATCH_THRESHOLD}: set algorithm.strategy to "balanced" ` +
        `with a balancedAttribute`,
    );
  }
  if (strategy === 'balanced' && maxPlayersTotal <= LARGE_MATCH_THRESHOLD && balancedAttribute !== undefined) {
    ctx.warning(
      where,
      `strategy "balanced" is meant for matches of more than ${LARGE_MATCH_THRESHOLD} players and these teams allow ` +
        `${maxPlayersTotal}; peermatch builds it with exhaustive search and then balances teams on "${balancedAttribute}"`,
    );
  }
}

/** Message for an attribute name that `playerAttributes` does not declare. */
export function unknownAttribute(name: string, attributes: AttributesInfo): string {
  const declared = [...attributes.declared];
  const tail = declared.length === 0 ? 'no attributes are declared in playerAttributes' : `declared attributes: ${list(declared)}`;
  return `unknown attribute ${quote(name)}${suggestion(name, declared)}; ${tail}`;
}
