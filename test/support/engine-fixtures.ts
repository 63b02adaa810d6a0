/** Builders for engine tests: compiled example rule sets and pool tickets. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileRuleSet } from '../../src/core/ruleset/compile.ts';
import type { AttributeValue, CompiledRuleSet } from '../../src/core/ruleset/types.ts';
import type { PoolTicket, SeatedPlayer } from '../../src/core/engine/types.ts';

const examples = fileURLToPath(new URL('../../examples/rulesets/', import.meta.url));

/** The text of an example rule set, e.g. `example('01')`. */
export function exampleText(prefix: string): string {
  const files: Record<string, string> = {
    '01': '01-aliens-vs-cowboys.jsonc',
    '02': '02-players-vs-monster.jsonc',
    '03': '03-three-team-game.jsonc',
    '04': '04-multi-map-game.jsonc',
    '05': '05-preferred-characters.jsonc',
    '06': '06-compare-across-players.jsonc',
    '07': '07-large-match-free-for-all.jsonc',
    '08': '08-monster-hunters-large.jsonc',
    '09': '09-large-batch-distance.jsonc',
    '10': '10-compound-rule.jsonc',
    '11': '11-player-block-list.jsonc',
  };
  return readFileSync(examples + files[prefix], 'utf8');
}

/** Compiles a rule set, failing the test with its errors when it is invalid. */
export function compiled(body: string | object): CompiledRuleSet {
  const result = compileRuleSet(body);
  if (!result.ruleSet) throw new Error(`rule set invalid: ${JSON.stringify(result.errors)}`);
  return result.ruleSet;
}

export interface PlayerSpec {
  id?: string;
  attributes?: Record<string, AttributeValue>;
  latency?: Record<string, number>;
}

/**
 * A ticket. `players` defaults to one player named after the ticket. Missing
 * attributes get the rule set's defaults, as the Matchmaker would fill them.
 */
export function ticket(
  ruleSet: CompiledRuleSet,
  id: string,
  createdAtMs: number,
  players: PlayerSpec[] = [{}],
): PoolTicket {
  return {
    ticketId: id,
    createdAtMs,
    players: players.map((spec, index) => ({
      playerId: spec.id ?? (players.length === 1 ? `${id}-p` : `${id}-p${index}`),
      attributes: withDefaults(ruleSet, spec.attributes ?? {}),
      ...(spec.latency ? { latencyMs: spec.latency } : {}),
    })),
  };
}

/** A backfill ticket for a game session whose seated players sit on the given teams. */
export function backfillTicket(
  ruleSet: CompiledRuleSet,
  id: string,
  createdAtMs: number,
  seated: { id: string; team: string; attributes?: Record<string, AttributeValue> }[],
): PoolTicket {
  const players: SeatedPlayer[] = seated.map((player) => ({
    playerId: player.id,
    team: player.team,
    attributes: withDefaults(ruleSet, player.attributes ?? {}),
  }));
  return { ticketId: id, createdAtMs, players: [], backfill: { gameSessionArn: 'arn:aws:gamelift:us-east-1::gamesession/fleet-1/gs-1', players } };
}

function withDefaults(ruleSet: CompiledRuleSet, given: Record<string, AttributeValue>): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const attribute of ruleSet.playerAttributes) {
    if (attribute.default !== undefined) out[attribute.name] = attribute.default;
  }
  return { ...out, ...given };
}

/** A deterministic random source for tests. */
export function fixedRandom(): () => number {
  let state = 1;
  return () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
}

/** Team sizes of a match, by team name. */
export function teamSizes(match: { teams: { name: string; players: unknown[] }[] }): Record<string, number> {
  return Object.fromEntries(match.teams.map((team) => [team.name, team.players.length]));
}

/** The team a player was put on. */
export function teamOf(match: { teams: { name: string; players: { playerId: string }[] }[] }, playerId: string): string | undefined {
  return match.teams.find((team) => team.players.some((player) => player.playerId === playerId))?.name;
}
