/**
 * Checks of the party operations' inputs (party-wire.ts) on the lobby host:
 * each refusal is an `InvalidRequestException` naming the field, the value
 * and the limit. The Matchmaker checks the player data itself when the party
 * queues (attributes against the rule set, latencies); here only its shape
 * and size, so that a member cannot park megabytes in the lobby's state.
 */
import { awsError, show } from '../core/matchmaker/errors.ts';
import { PARTY_CODE_LENGTH, PARTY_CODE_PATTERN, type PartyPlayerData } from '../net/party-wire.ts';

/** Longest player id a party member may have, in characters (as the core's ids). */
export const MAX_PARTY_PLAYER_ID_LENGTH = 128;
/** Largest player data one member may keep in a party, in characters of JSON. */
export const MAX_PARTY_PLAYER_DATA_CHARS = 4096;

/** A player id, or the refusal naming `field`. */
export function playerIdOf(value: unknown, field = 'PlayerId'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_PARTY_PLAYER_ID_LENGTH) {
    throw awsError('InvalidRequestException', `${field}: expected a player id of 1-${MAX_PARTY_PLAYER_ID_LENGTH} characters, got ${show(value)}`);
  }
  return value;
}

/** A party id as a string, or the refusal. */
export function partyIdOf(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) {
    throw awsError('InvalidRequestException', `PartyId: expected a party id of 1-64 characters, got ${show(value)}`);
  }
  return value;
}

/** A party code as typed (any case), upper-cased, or the refusal. */
export function partyCodeOf(value: unknown): string {
  if (typeof value !== 'string' || !PARTY_CODE_PATTERN.test(value)) {
    throw awsError('InvalidRequestException', `PartyCode: expected ${PARTY_CODE_LENGTH} letters or digits (a party code), got ${show(value)}`);
  }
  return value.toUpperCase();
}

/** A boolean, or the refusal naming `field`. */
export function booleanOf(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw awsError('InvalidRequestException', `${field}: expected true or false, got ${show(value)}`);
  return value;
}

/** A member's own player data (shape and size; the Matchmaker checks the values when the party queues). */
export function playerDataOf(value: unknown, field = 'Player'): PartyPlayerData {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw awsError('InvalidRequestException', `${field}: expected { PlayerAttributes?, LatencyInMs?, PeerId? }, got ${show(value)}`);
  }
  const { PlayerAttributes, LatencyInMs, PeerId } = value as Record<string, unknown>;
  const isRecord = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (PlayerAttributes !== undefined && !isRecord(PlayerAttributes)) {
    throw awsError('InvalidRequestException', `${field}.PlayerAttributes: expected an object of attribute values, got ${show(PlayerAttributes)}`);
  }
  if (LatencyInMs !== undefined && !isRecord(LatencyInMs)) {
    throw awsError('InvalidRequestException', `${field}.LatencyInMs: expected an object of milliseconds per region, got ${show(LatencyInMs)}`);
  }
  if (PeerId !== undefined && (typeof PeerId !== 'string' || PeerId.length === 0 || PeerId.length > 128)) {
    throw awsError('InvalidRequestException', `${field}.PeerId: expected the PeerJS id of the member's client (1-128 characters), got ${show(PeerId)}`);
  }
  const data = {
    ...(PlayerAttributes !== undefined ? { PlayerAttributes } : {}),
    ...(LatencyInMs !== undefined ? { LatencyInMs } : {}),
    ...(PeerId !== undefined ? { PeerId } : {}),
  } as PartyPlayerData;
  const chars = JSON.stringify(data).length;
  if (chars > MAX_PARTY_PLAYER_DATA_CHARS) {
    throw awsError('InvalidRequestException', `${field}: ${chars} characters of JSON, over the limit of ${MAX_PARTY_PLAYER_DATA_CHARS}`);
  }
  return JSON.parse(JSON.stringify(data)) as PartyPlayerData;
}
