/**
 * Who the game host lets in, as a pure decision: an incoming DataConnection's
 * metadata `{ playerSessionId, playerId, matchId }` and PeerJS id against the
 * match data the lobby host sent (the connection info). And the two small
 * messages the game host answers with over the DataConnection.
 *
 * No I/O: `handoff.ts` applies the decision to real connections.
 */
import type { ConnectionInfo, ConnectionPlayer } from '../net/connection-info.ts';
import { show } from '../net/protocol.ts';

/** What a player puts in `metadata` when it connects to the game host. */
export interface HandoffMetadata {
  playerSessionId: string;
  playerId: string;
  matchId: string;
}

/** The game host's verdict on one incoming connection. */
export type Admission = { admit: true; player: ConnectionPlayer } | { admit: false; reason: string };

/** What the game host knows of its game session when it judges a connection. */
export interface AdmissionContext {
  /** The latest connection info of the session (after a backfill: every seated player). */
  match: ConnectionInfo;
  /** Every match id that placed players in this session (the first match and its backfills). */
  matchIds: ReadonlySet<string>;
  /** The game host's own PeerJS id (it does not connect to itself). */
  selfPeerId: string;
}

/**
 * Admits a connection when its metadata names a match of this session, a
 * player of it (not the game host), that player's session id, and the
 * connection comes from the PeerJS id that player announced. Otherwise
 * refuses with a reason that names the offending field and value.
 */
export function decideAdmission(context: AdmissionContext, metadata: unknown, remotePeerId: string): Admission {
  const parsed = parseMetadata(metadata);
  if (typeof parsed === 'string') return { admit: false, reason: parsed };
  if (!context.matchIds.has(parsed.matchId)) {
    return { admit: false, reason: `matchId: ${show(parsed.matchId)} is not a match of game session ${show(context.match.gameSessionArn)}` };
  }
  const player = context.match.players.find((candidate) => candidate.playerId === parsed.playerId);
  if (!player) return { admit: false, reason: `playerId: ${show(parsed.playerId)} is not a player of match ${show(parsed.matchId)}` };
  if (player.peerId === context.selfPeerId) {
    return { admit: false, reason: `playerId: ${show(parsed.playerId)} is the game host itself` };
  }
  if (player.playerSessionId !== parsed.playerSessionId) {
    return { admit: false, reason: `playerSessionId: ${show(parsed.playerSessionId)} is not the player session of player ${show(parsed.playerId)}` };
  }
  if (player.peerId !== remotePeerId) {
    return { admit: false, reason: `peer: ${show(remotePeerId)} is not the PeerJS id player ${show(parsed.playerId)} announced` };
  }
  return { admit: true, player };
}

/** The metadata, or why it is not `{ playerSessionId, playerId, matchId }` (all non-empty strings). */
export function parseMetadata(metadata: unknown): HandoffMetadata | string {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    return `metadata: expected { playerSessionId, playerId, matchId }, got ${show(metadata)}`;
  }
  const record = metadata as Record<string, unknown>;
  for (const field of ['playerSessionId', 'playerId', 'matchId'] as const) {
    const value = record[field];
    if (typeof value !== 'string' || value.length === 0) return `metadata.${field}: expected a non-empty string, got ${show(value)}`;
  }
  return { playerSessionId: record.playerSessionId as string, playerId: record.playerId as string, matchId: record.matchId as string };
}

// --- Messages over the DataConnection ---------------------------------------------

/**
 * The hand-off's own messages on a connection, before game traffic. The game
 * host sends `welcome` when its admission check passed; the player answers
 * `joined` on the same connection, which commits it to that connection (a
 * player that gave up on a slow attempt never answers, so the game host never
 * counts an abandoned connection). The game host sends `start` once every
 * player of the match has joined on an open connection (the player reports the
 * match ready only then, so every connection of the match can carry
 * messages), and `reject` with the reason before it closes a refused
 * connection or gives up on the match.
 */
export type HandoffMessage =
  | { type: 'peermatch-welcome'; matchId: string; playerId: string }
  | { type: 'peermatch-joined'; matchId: string; playerId: string }
  | { type: 'peermatch-start'; matchId: string }
  | { type: 'peermatch-reject'; reason: string };

/**
 * Whether `data` is one of peermatch's own messages on a match connection
 * (`{ type: 'peermatch-...' }`: the hand-off's, heartbeats, and any later
 * kind), which the game never sees.
 */
export function isControlMessage(data: unknown): boolean {
  if (typeof data !== 'object' || data === null) return false;
  const type = (data as Record<string, unknown>).type;
  return typeof type === 'string' && type.startsWith('peermatch-');
}

/** The hand-off message in `data`, or `undefined` for anything else (game traffic, heartbeats). */
export function parseHandoffMessage(data: unknown): HandoffMessage | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const record = data as Record<string, unknown>;
  if ((record.type === 'peermatch-welcome' || record.type === 'peermatch-joined') && typeof record.matchId === 'string' && typeof record.playerId === 'string') {
    return { type: record.type, matchId: record.matchId, playerId: record.playerId };
  }
  if (record.type === 'peermatch-start' && typeof record.matchId === 'string') return { type: 'peermatch-start', matchId: record.matchId };
  if (record.type === 'peermatch-reject' && typeof record.reason === 'string') return { type: 'peermatch-reject', reason: record.reason };
  return undefined;
}
