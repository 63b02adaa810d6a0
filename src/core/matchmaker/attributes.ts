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
  players.forEach((player: unknown, index) => {
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
    checkPeerId(`Players[${index}].PeerId`, id, player['PeerId']);
  });
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

/**
 * One SDK player as the engine sees it: declared attributes unwrapped, checked
 * against their declared type and defaulted; undeclared attributes are
 * checked for shape and left out. Refuses a required attribute (no default)
 * that is missing, and missing latency under a latency rule. With `index`,
 * refusals name `{field}[{index}]`.
 */
export function toPoolPlayer(field: string, player: Player, ruleSet: CompiledRuleSet, index?: number): PoolPlayer {
  const given = player.PlayerAttributes ?? {};
  if (!isPlainObject(given)) {
    throw invalidRequest(`${pathOf(field, index)}.PlayerAttributes: expected a map of attribute values, got ${show(given)}`);
  }
  // Every given attribute is checked for shape, declared or not.
  for (const name in given) if (Object.hasOwn(given, name)) sdkKey(field, index, name, given[name]);
  const attributes: Record<string, RuleAttributeValue> = {};
  for (const definition of ruleSet.playerAttributes) {
    if (!Object.hasOwn(given, definition.name)) {
      if (definition.default === undefined) {
        throw invalidRequest(
          `${pathOf(field, index)}.PlayerAttributes.${definition.name}: attribute "${definition.name}" is required by the rule set ` +
            `(${TYPE_LABEL[definition.type]}, no default) but missing for player ${show(player.PlayerId)}`,
        );
      }
      attributes[definition.name] = cloneValue(definition.default);
      continue;
    }
    const value = given[definition.name] as Record<string, unknown>;
    const key = sdkKey(field, index, definition.name, value);
    if (SDK_KEY_TYPE[key] !== definition.type) {
      throw invalidRequest(
        `${pathOf(field, index)}.PlayerAttributes.${definition.name}: expected ${TYPE_LABEL[definition.type]} for attribute ` +
          `"${definition.name}", got ${show(value)}`,
      );
    }
    attributes[definition.name] = cloneValue(value[key] as RuleAttributeValue);
  }
  const latencyMs = player.LatencyInMs === undefined ? undefined : checkLatency(`${pathOf(field, index)}.LatencyInMs`, player.LatencyInMs);
  const latencyRule = latencyRuleName(ruleSet);
  if (latencyRule !== undefined && (latencyMs === undefined || Object.keys(latencyMs).length === 0)) {
    throw invalidRequest(
      `${pathOf(field, index)}.LatencyInMs: the rule set has a latency rule ("${latencyRule}"), so player ` +
        `${show(player.PlayerId)} needs a latency for at least one region`,
    );
  }
  return latencyMs === undefined
    ? { playerId: player.PlayerId, attributes }
    : { playerId: player.PlayerId, attributes, latencyMs };
}

/** `LatencyInMs`: region names to integer milliseconds of at least 1 (as the API requires). */
function checkLatency(field: string, latency: unknown): Record<string, number> | undefined {
  if (latency === undefined) return undefined;
  if (!isPlainObject(latency)) throw invalidRequest(`${field}: expected a map of region to milliseconds, got ${show(latency)}`);
  const out: Record<string, number> = {};
  for (const [region, ms] of Object.entries(latency)) {
    if (region.length === 0) throw invalidRequest(`${field}: region names must not be empty`);
    if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 1) {
      throw invalidRequest(`${field}.${region}: expected an integer number of milliseconds of at least 1, got ${show(ms)}`);
    }
    out[region] = ms;
  }
  return out;
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
  const out: Player = { PlayerId: player.PlayerId };
  if (player.PlayerAttributes !== undefined) {
    const attributes: Record<string, AttributeValue> = {};
    const given = player.PlayerAttributes;
    for (const name in given) {
      if (!Object.hasOwn(given, name)) continue;
      const value = given[name]!;
      const copy: AttributeValue = {};
      if (value.S !== undefined) copy.S = value.S;
      if (value.N !== undefined) copy.N = value.N;
      if (value.SL !== undefined) copy.SL = [...value.SL];
      if (value.SDM !== undefined) copy.SDM = { ...value.SDM };
      attributes[name] = copy;
    }
    out.PlayerAttributes = attributes;
  }
  if (player.Team !== undefined) out.Team = player.Team;
  if (player.LatencyInMs !== undefined) out.LatencyInMs = { ...player.LatencyInMs };
  if (player.PeerId !== undefined) out.PeerId = player.PeerId;
  return out;
}
