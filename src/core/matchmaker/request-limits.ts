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
  let totalBytes = 0;
  let largest = { index: -1, bytes: 0 };
  players.forEach((player, index) => {
    const at = `${field}[${index}] (player ${show(player.PlayerId)})`;
    checkAttributes(at, player);
    const regions = Object.keys(player.LatencyInMs ?? {});
    if (regions.length > MAX_LATENCY_REGIONS) {
      throw invalidRequest(`${at}.LatencyInMs: ${regions.length} regions, over the limit of ${MAX_LATENCY_REGIONS}`);
    }
    const long = regions.find((region) => region.length > MAX_ATTRIBUTE_STRING_LENGTH);
    if (long !== undefined) {
      throw invalidRequest(`${at}.LatencyInMs: a region name of ${long.length} characters, over the limit of ${MAX_ATTRIBUTE_STRING_LENGTH}`);
    }
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

function checkAttributes(at: string, player: Player): void {
  const attributes = Object.entries(player.PlayerAttributes ?? {});
  if (attributes.length > MAX_ATTRIBUTES_PER_PLAYER) {
    throw invalidRequest(`${at}.PlayerAttributes: ${attributes.length} attributes, over the limit of ${MAX_ATTRIBUTES_PER_PLAYER}`);
  }
  for (const [name, value] of attributes) {
    if (name.length > MAX_ATTRIBUTE_NAME_LENGTH) {
      throw invalidRequest(`${at}.PlayerAttributes: an attribute name of ${name.length} characters, over the limit of ${MAX_ATTRIBUTE_NAME_LENGTH}`);
    }
    const where = `${at}.PlayerAttributes.${name}`;
    if (value === undefined || value === null) continue;
    if (typeof value.S === 'string') checkString(`${where}.S`, value.S);
    if (Array.isArray(value.SL)) {
      if (value.SL.length > MAX_ATTRIBUTE_LIST_SIZE) {
        throw invalidRequest(`${where}.SL: ${value.SL.length} items, over the limit of ${MAX_ATTRIBUTE_LIST_SIZE}`);
      }
      value.SL.forEach((item, i) => checkString(`${where}.SL[${i}]`, item));
    }
    if (value.SDM !== undefined && value.SDM !== null) {
      const keys = Object.keys(value.SDM);
      if (keys.length > MAX_ATTRIBUTE_MAP_SIZE) {
        throw invalidRequest(`${where}.SDM: ${keys.length} entries, over the limit of ${MAX_ATTRIBUTE_MAP_SIZE}`);
      }
      for (const key of keys) checkString(`${where}.SDM key`, key);
    }
  }
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
