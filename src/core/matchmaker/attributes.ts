/**
 * Player data from the SDK shapes into the engine's shapes, with the checks
 * `startMatchmaking` and `startMatchBackfill` make before a ticket exists:
 * player list size and ids, attribute value shapes and declared types,
 * required attributes, latency. Every refusal is an `InvalidRequestException`
 * naming the field (`Players[1].PlayerAttributes.skill`) and the value.
 */
import type {
  AttributeType,
  AttributeValue as RuleAttributeValue,
  CompiledRuleSet,
} from '../ruleset/types.ts';
import type { PoolPlayer } from '../engine/types.ts';
import { invalidRequest, show } from './errors.ts';
import { MAX_PEER_ID_LENGTH } from './request-limits.ts';
import type { AttributeValue, Player } from './types.ts';

const TYPE_LABEL: Record<AttributeType, string> = {
  string: 'a string ({"S": ...})',
  number: 'a number ({"N": ...})',
  string_list: 'a string list ({"SL": [...]})',
  string_number_map: 'a string-to-number map ({"SDM": {...}})',
};

const SDK_KEY_TYPE: Record<keyof AttributeValue, AttributeType> = {
  S: 'string',
  N: 'number',
  SL: 'string_list',
  SDM: 'string_number_map',
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks the `Players` list: an array of `minPlayers..maxPlayers` objects,
 * each with a non-empty `PlayerId` (at most 1024 characters), ids distinct.
 */
export function checkPlayerList(players: unknown, limits: { min: number; max?: number }): Player[] {
  if (!Array.isArray(players)) throw invalidRequest(`Players: expected a list of players, got ${show(players)}`);
  if (players.length < limits.min) {
    throw invalidRequest(`Players: at least ${limits.min} player is required, got ${players.length}`);
  }
  if (limits.max !== undefined && players.length > limits.max) {
    throw invalidRequest(`Players: at most ${limits.max} players per request, got ${players.length}`);
  }
  // A party of one (the usual request) has no duplicates to look for.
  const seen = players.length > 1 ? new Map<string, number>() : undefined;
  for (let index = 0; index < players.length; index++) {
    const player: unknown = players[index];
    if (!isPlainObject(player)) throw invalidRequest(`Players[${index}]: expected a Player object, got ${show(player)}`);
    const id = player['PlayerId'];
    if (typeof id !== 'string' || id.length === 0 || id.length > 1024) {
      throw invalidRequest(`Players[${index}].PlayerId: a string of 1 to 1024 characters is required, got ${show(id)}`);
    }
    const first = seen?.get(id);
    if (first !== undefined) {
      throw invalidRequest(`Players[${index}].PlayerId: duplicate player id ${show(id)} (also Players[${first}])`);
    }
    seen?.set(id, index);
    const peerId = player['PeerId'];
    if (peerId !== undefined) checkPeerId(`Players[${index}].PeerId`, id, peerId);
  }
  return players as Player[];
}

/** A player's optional `PeerId` (non-AWS): 1 to `MAX_PEER_ID_LENGTH` characters. */
function checkPeerId(field: string, playerId: string, peerId: unknown): void {
  if (peerId === undefined) return;
  if (typeof peerId !== 'string' || peerId.length === 0 || peerId.length > MAX_PEER_ID_LENGTH) {
    const length = typeof peerId === 'string' ? ` (${peerId.length} characters)` : '';
    throw invalidRequest(
      `${field}: player ${show(playerId)} needs a PeerJS id of 1 to ${MAX_PEER_ID_LENGTH} characters, got ${show(peerId)}${length}`,
    );
  }
}

/** `Players[2]` from `Players` and 2; the field itself without an index. Built only for a refusal. */
function pathOf(field: string, index: number | undefined): string {
  return index === undefined ? field : `${field}[${index}]`;
}

/**
 * The SDK key (`S`, `N`, `SL`, `SDM`) of one attribute value, checked for
 * shape, or a refusal naming `{field}.PlayerAttributes.{name}` (the path is
 * only spelled out for a refusal: this runs for every attribute of every request).
 */
function sdkKey(field: string, index: number | undefined, name: string, value: unknown): keyof AttributeValue {
  if (!isPlainObject(value)) {
    throw invalidRequest(`${pathOf(field, index)}.PlayerAttributes.${name}: expected an AttributeValue ({"S"|"N"|"SL"|"SDM": ...}), got ${show(value)}`);
  }
  let key: string | undefined;
  let count = 0;
  for (const k in value) {
    if (!Object.hasOwn(value, k) || value[k] === undefined) continue;
    count++;
    key = k;
  }
  if (count !== 1 || key === undefined || !(key in SDK_KEY_TYPE)) {
    throw invalidRequest(`${pathOf(field, index)}.PlayerAttributes.${name}: exactly one of "S", "N", "SL", "SDM" must be set, got ${show(value)}`);
  }
  const raw = value[key];
  const type = SDK_KEY_TYPE[key as keyof AttributeValue];
  const ok =
    (type === 'number' && typeof raw === 'number' && Number.isFinite(raw)) ||
    (type === 'string' && typeof raw === 'string') ||
    (type === 'string_list' && Array.isArray(raw) && raw.every((item) => typeof item === 'string')) ||
    (type === 'string_number_map' &&
      isPlainObject(raw) &&
      Object.values(raw).every((item) => typeof item === 'number' && Number.isFinite(item)));
  if (!ok) throw invalidRequest(`${pathOf(field, index)}.PlayerAttributes.${name}: ${TYPE_LABEL[type]} is malformed, got ${show(value)}`);
  return key as keyof AttributeValue;
}

function cloneValue(value: RuleAttributeValue): RuleAttributeValue {
  if (Array.isArray(value)) return [...value];
  if (typeof value === 'object') return { ...value };
  return value;
}

/** The first latency rule of the rule set, if any. */
export function latencyRuleName(ruleSet: CompiledRuleSet): string | undefined {
  if (latencyRules.has(ruleSet)) return latencyRules.get(ruleSet);
  const name = ruleSet.rules.find((rule) => rule.type === 'latency')?.name;
  latencyRules.set(ruleSet, name);
  return name;
}

/** The latency rule's name per compiled rule set (computed once; rule sets are immutable). */
const latencyRules = new WeakMap<CompiledRuleSet, string | undefined>();

/** The SDK key each declared type is given under (the inverse of SDK_KEY_TYPE). */
const TYPE_SDK_KEY: Record<AttributeType, keyof AttributeValue> = {
  string: 'S',
  number: 'N',
  string_list: 'SL',
  string_number_map: 'SDM',
};

/**
 * Refuses (`InvalidRequestException`) an SDK player the rule set cannot take:
 * attribute values of the wrong shape or declared type, a required attribute
 * (no default) missing, a malformed latency, no latency under a latency rule.
 * With `index`, refusals name `{field}[{index}]`. Builds nothing: requests
 * are checked with it, and `toPoolPlayer` converts what it passed.
 */
export function checkPoolPlayer(field: string, player: Player, ruleSet: CompiledRuleSet, index?: number): void {
  const given = player.PlayerAttributes ?? {};
  if (!isPlainObject(given)) {
    throw invalidRequest(`${pathOf(field, index)}.PlayerAttributes: expected a map of attribute values, got ${show(given)}`);
  }
  // Every given attribute is checked for shape, declared or not.
  for (const name in given) if (Object.hasOwn(given, name)) sdkKey(field, index, name, given[name]);
  for (const definition of ruleSet.playerAttributes) {
    if (!Object.hasOwn(given, definition.name)) {
      if (definition.default === undefined) {
        throw invalidRequest(
          `${pathOf(field, index)}.PlayerAttributes.${definition.name}: attribute "${definition.name}" is required by the rule set ` +
            `(${TYPE_LABEL[definition.type]}, no default) but missing for player ${show(player.PlayerId)}`,
        );
      }
      continue;
    }
    const value = given[definition.name] as Record<string, unknown>;
    if (SDK_KEY_TYPE[sdkKey(field, index, definition.name, value)] !== definition.type) {
      throw invalidRequest(
        `${pathOf(field, index)}.PlayerAttributes.${definition.name}: expected ${TYPE_LABEL[definition.type]} for attribute ` +
          `"${definition.name}", got ${show(value)}`,
      );
    }
  }
  const regions = player.LatencyInMs === undefined ? -1 : checkLatency(`${pathOf(field, index)}.LatencyInMs`, player.LatencyInMs);
  if (regions <= 0) {
    const latencyRule = latencyRuleName(ruleSet);
    if (latencyRule !== undefined) {
      throw invalidRequest(
        `${pathOf(field, index)}.LatencyInMs: the rule set has a latency rule ("${latencyRule}"), so player ` +
          `${show(player.PlayerId)} needs a latency for at least one region`,
      );
    }
  }
}

/**
 * One SDK player as the engine sees it: declared attributes unwrapped, checked
 * against their declared type and defaulted; undeclared attributes are
 * checked for shape and left out. Refuses what `checkPoolPlayer` refuses.
 */
export function toPoolPlayer(field: string, player: Player, ruleSet: CompiledRuleSet, index?: number): PoolPlayer {
  checkPoolPlayer(field, player, ruleSet, index);
  const given = (player.PlayerAttributes ?? {}) as Record<string, Record<string, unknown>>;
  const attributes: Record<string, RuleAttributeValue> = {};
  for (const definition of ruleSet.playerAttributes) {
    attributes[definition.name] = Object.hasOwn(given, definition.name)
      ? cloneValue(given[definition.name]![TYPE_SDK_KEY[definition.type]] as RuleAttributeValue)
      : cloneValue(definition.default!);
  }
  const latency = player.LatencyInMs;
  if (latency === undefined) return { playerId: player.PlayerId, attributes };
  const latencyMs: Record<string, number> = {};
  for (const region in latency) if (Object.hasOwn(latency, region)) latencyMs[region] = latency[region]!;
  return { playerId: player.PlayerId, attributes, latencyMs };
}

/**
 * `LatencyInMs`: region names to integer milliseconds of at least 1 (as the
 * API requires). Returns the number of regions.
 */
function checkLatency(field: string, latency: unknown): number {
  if (!isPlainObject(latency)) throw invalidRequest(`${field}: expected a map of region to milliseconds, got ${show(latency)}`);
  let regions = 0;
  for (const region in latency) {
    if (!Object.hasOwn(latency, region)) continue;
    const ms = latency[region];
    if (region.length === 0) throw invalidRequest(`${field}: region names must not be empty`);
    if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 1) {
      throw invalidRequest(`${field}.${region}: expected an integer number of milliseconds of at least 1, got ${show(ms)}`);
    }
    regions++;
  }
  return regions;
}

/** `attributeType` names of the matchmaker data JSON. */
const MATCHMAKER_DATA_TYPE: Record<AttributeType, string> = {
  string: 'STRING',
  number: 'DOUBLE',
  string_list: 'STRING_LIST',
  string_number_map: 'STRING_DOUBLE_MAP',
};

/** One attribute as the guide's matchmaker data writes it. */
export interface MatchmakerDataAttribute {
  attributeType: string;
  valueAttribute: RuleAttributeValue;
}

/**
 * The request's attributes in the matchmaker data form:
 * `{"skill": {"attributeType": "DOUBLE", "valueAttribute": 23}}`. Only the
 * attributes the request carried (the guide: "the player attributes from the
 * original matchmaking request").
 */
export function toMatchmakerDataAttributes(
  attributes: Record<string, AttributeValue> | undefined,
): Record<string, MatchmakerDataAttribute> {
  const out: Record<string, MatchmakerDataAttribute> = {};
  for (const [name, value] of Object.entries(attributes ?? {})) {
    const key = (Object.keys(value) as (keyof AttributeValue)[]).find((k) => value[k] !== undefined);
    if (key === undefined) continue;
    out[name] = {
      attributeType: MATCHMAKER_DATA_TYPE[SDK_KEY_TYPE[key]],
      valueAttribute: cloneValue(value[key] as RuleAttributeValue),
    };
  }
  return out;
}

/** A deep copy of an SDK player (requests are copied so callers cannot mutate tickets). */
export function clonePlayer(player: Player): Player {
  return copyPlayer(player, player.Team);
}

/** `clonePlayer` without `Team` (a new-match ticket's players have none until matched; no `delete` after copying). */
export function clonePlayerWithoutTeam(player: Player): Player {
  return copyPlayer(player, undefined);
}

/** `clonePlayer` with `Team` set to `team` (a placed player), built with it rather than given it after. */
export function clonePlayerOnTeam(player: Player, team: string): Player {
  if (player.Team === undefined) {
    const out = copyPlayer(player, undefined);
    out.Team = team; // after the other fields, where an assignment to the copy puts it
    return out;
  }
  return copyPlayer(player, team);
}

/** A deep copy of `player` with `team` as its `Team` (none when undefined). */
function copyPlayer(player: Player, team: string | undefined): Player {
  const given = player.PlayerAttributes;
  const attributes = given === undefined ? undefined : copyAttributes(given);
  // The usual player (id and attributes) as a literal of its exact shape: a property added after a literal goes to a separate array.
  if (attributes !== undefined && player.LatencyInMs === undefined && player.PeerId === undefined) {
    return team === undefined ? { PlayerId: player.PlayerId, PlayerAttributes: attributes } : { PlayerId: player.PlayerId, PlayerAttributes: attributes, Team: team };
  }
  const out: Player = { PlayerId: player.PlayerId };
  if (attributes !== undefined) out.PlayerAttributes = attributes;
  if (team !== undefined) out.Team = team;
  if (player.LatencyInMs !== undefined) out.LatencyInMs = { ...player.LatencyInMs };
  if (player.PeerId !== undefined) out.PeerId = player.PeerId;
  return out;
}

function copyAttributes(given: Record<string, AttributeValue>): Record<string, AttributeValue> {
  const attributes: Record<string, AttributeValue> = {};
  for (const name in given) {
    if (!Object.hasOwn(given, name)) continue;
    attributes[name] = copyValue(given[name]!);
  }
  return attributes;
}

/** A copy of one attribute value; the usual one-key value as a literal of its exact size (half the bytes of `{}` grown). */
function copyValue(value: AttributeValue): AttributeValue {
  const { S, N, SL, SDM } = value;
  if (S === undefined && SL === undefined && SDM === undefined) return N === undefined ? {} : { N };
  if (N === undefined && SL === undefined && SDM === undefined) return { S };
  const copy: AttributeValue = {};
  if (S !== undefined) copy.S = S;
  if (N !== undefined) copy.N = N;
  if (SL !== undefined) copy.SL = [...SL];
  if (SDM !== undefined) copy.SDM = { ...SDM };
  return copy;
}
