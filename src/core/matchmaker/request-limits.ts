/**
 * What one ticket request may carry, so that a ticket (and the answer that
 * echoes it) always fits a relay frame: string lengths, list and map sizes,
 * attributes per player, and the players' total size. Checked by
 * `startMatchmaking` and `startMatchBackfill` after the shapes are known to
 * be right; a refusal is an `InvalidRequestException` naming the player, the
 * attribute, the size and the limit.
 */
import { invalidRequest, show } from './errors.ts';
import type { Player } from './types.ts';

/** Longest `PeerId` a player may carry (PeerJS ids are far shorter). */
export const MAX_PEER_ID_LENGTH = 128;

/** Longest attribute string (`S`, each `SL` item, each `SDM` key), in characters. */
export const MAX_ATTRIBUTE_STRING_LENGTH = 256;
/** Most items in one `SL` attribute. */
export const MAX_ATTRIBUTE_LIST_SIZE = 32;
/** Most entries in one `SDM` attribute. */
export const MAX_ATTRIBUTE_MAP_SIZE = 32;
/** Most attributes per player. */
export const MAX_ATTRIBUTES_PER_PLAYER = 32;
/** Longest attribute name, in characters. */
export const MAX_ATTRIBUTE_NAME_LENGTH = 128;
/** Most regions in one player's `LatencyInMs`. */
export const MAX_LATENCY_REGIONS = 64;
/** Most bytes of JSON all players of one request may take together (a ticket answer stays under the relay's 64 KiB). */
export const MAX_REQUEST_PLAYERS_BYTES = 32 * 1024;

/**
 * Refuses (`InvalidRequestException`) a player list over any of the limits
 * above. Expects players already checked for shape (`checkPlayerList`,
 * `toPoolPlayer`); `field` prefixes the paths in messages (`Players`).
 */
export function checkRequestLimits(players: readonly Player[], field = 'Players'): void {
  let bound = 0;
  for (let index = 0; index < players.length; index++) {
    const player = players[index]!;
    checkAttributes(field, index, player);
    const latency = player.LatencyInMs;
    if (latency !== undefined && latency !== null) {
      let regions = 0;
      let long: string | undefined;
      for (const region in latency) {
        if (!Object.hasOwn(latency, region)) continue;
        regions++;
        if (long === undefined && region.length > MAX_ATTRIBUTE_STRING_LENGTH) long = region;
      }
      if (regions > MAX_LATENCY_REGIONS) {
        throw invalidRequest(`${at(field, index, player)}.LatencyInMs: ${regions} regions, over the limit of ${MAX_LATENCY_REGIONS}`);
      }
      if (long !== undefined) {
        throw invalidRequest(`${at(field, index, player)}.LatencyInMs: a region name of ${long.length} characters, over the limit of ${MAX_ATTRIBUTE_STRING_LENGTH}`);
      }
    }
    bound += jsonBytesBound(player, 0);
  }
  // Exact sizes only when the cheap upper bound could be over the limit.
  if (bound > MAX_REQUEST_PLAYERS_BYTES) checkPlayersBytes(players, field);
}

/** Refuses players whose JSON takes more than `MAX_REQUEST_PLAYERS_BYTES` bytes, naming the largest. */
function checkPlayersBytes(players: readonly Player[], field: string): void {
  let totalBytes = 0;
  let largest = { index: -1, bytes: 0 };
  players.forEach((player, index) => {
    const bytes = utf8Bytes(JSON.stringify(player));
    totalBytes += bytes;
    if (bytes > largest.bytes) largest = { index, bytes };
  });
  if (totalBytes > MAX_REQUEST_PLAYERS_BYTES) {
    throw invalidRequest(
      `${field}: ${totalBytes} bytes of player data, over the limit of ${MAX_REQUEST_PLAYERS_BYTES} bytes ` +
        `(the largest, ${field}[${largest.index}], takes ${largest.bytes} bytes)`,
    );
  }
}

/** Longest JSON of one finite number (`-1.2345678901234567e-308`). */
const MAX_NUMBER_JSON = 24;

/**
 * An upper bound of the UTF-8 bytes of `value`'s JSON, about ten times
 * cheaper than writing it: every character may take six bytes (`\u0000`),
 * every number 24. Anything JSON.stringify would treat specially (toJSON,
 * bigint, deep nesting) is unbounded, so the exact count decides.
 */
function jsonBytesBound(value: unknown, depth: number): number {
  switch (typeof value) {
    case 'string':
      return 6 * value.length + 2;
    case 'number':
      return MAX_NUMBER_JSON;
    case 'boolean':
      return 5;
    case 'undefined':
    case 'function':
    case 'symbol':
      return 0;
    case 'object': {
      if (value === null) return 4;
      if (depth > 16 || typeof (value as { toJSON?: unknown }).toJSON === 'function') return Number.POSITIVE_INFINITY;
      let bytes = 2;
      if (Array.isArray(value)) {
        for (const item of value) bytes += jsonBytesBound(item, depth + 1) + 4; // an undefined item is `null`
        return bytes;
      }
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue;
        bytes += 6 * key.length + 4 + jsonBytesBound((value as Record<string, unknown>)[key], depth + 1);
      }
      return bytes;
    }
    default:
      return Number.POSITIVE_INFINITY;
  }
}

/** The path of a player in messages; spelled out only for a refusal (the checks run on every request). */
function at(field: string, index: number, player: Player): string {
  return `${field}[${index}] (player ${show(player.PlayerId)})`;
}

function checkAttributes(field: string, index: number, player: Player): void {
  const given = player.PlayerAttributes;
  if (given === undefined || given === null) return;
  let count = 0;
  for (const name in given) if (Object.hasOwn(given, name)) count++;
  if (count > MAX_ATTRIBUTES_PER_PLAYER) {
    throw invalidRequest(`${at(field, index, player)}.PlayerAttributes: ${count} attributes, over the limit of ${MAX_ATTRIBUTES_PER_PLAYER}`);
  }
  for (const name in given) {
    if (!Object.hasOwn(given, name)) continue;
    if (name.length > MAX_ATTRIBUTE_NAME_LENGTH) {
      throw invalidRequest(`${at(field, index, player)}.PlayerAttributes: an attribute name of ${name.length} characters, over the limit of ${MAX_ATTRIBUTE_NAME_LENGTH}`);
    }
    const value = given[name];
    if (value === undefined || value === null) continue;
    if (typeof value.S === 'string' && value.S.length > MAX_ATTRIBUTE_STRING_LENGTH) checkString(`${at(field, index, player)}.PlayerAttributes.${name}.S`, value.S);
    if (Array.isArray(value.SL)) checkList(`${at(field, index, player)}.PlayerAttributes.${name}`, value.SL);
    if (value.SDM !== undefined && value.SDM !== null) checkMap(`${at(field, index, player)}.PlayerAttributes.${name}`, value.SDM);
  }
}

function checkList(where: string, list: readonly string[]): void {
  if (list.length > MAX_ATTRIBUTE_LIST_SIZE) {
    throw invalidRequest(`${where}.SL: ${list.length} items, over the limit of ${MAX_ATTRIBUTE_LIST_SIZE}`);
  }
  list.forEach((item, i) => checkString(`${where}.SL[${i}]`, item));
}

function checkMap(where: string, map: Record<string, number>): void {
  const keys = Object.keys(map);
  if (keys.length > MAX_ATTRIBUTE_MAP_SIZE) {
    throw invalidRequest(`${where}.SDM: ${keys.length} entries, over the limit of ${MAX_ATTRIBUTE_MAP_SIZE}`);
  }
  for (const key of keys) checkString(`${where}.SDM key`, key);
}

function checkString(where: string, text: string): void {
  if (text.length > MAX_ATTRIBUTE_STRING_LENGTH) {
    throw invalidRequest(`${where}: a string of ${text.length} characters, over the limit of ${MAX_ATTRIBUTE_STRING_LENGTH}`);
  }
}

function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    bytes += unit < 0x80 ? 1 : unit < 0x800 ? 2 : unit >= 0xd800 && unit <= 0xdbff ? 2 : 3;
  }
  return bytes;
}
