/**
 * How each WebRTC connection of a match connected, and why one failed, in
 * plain words for the player and as data for the game.
 *
 * - `watchConnection` follows one PeerJS DataConnection's `RTCPeerConnection`
 *   from the start: the local candidates it gathered, the TURN servers'
 *   errors (`icecandidateerror`: 401 = credentials refused, 701 = no answer),
 *   whether the other side's answer arrived through signaling, and the ICE
 *   states it went through. It also arms the ICE restart (`ice-restart.ts`).
 * - `networkOf` reads the selected candidate pair from `getStats()`: how
 *   the connection goes (`direct` host candidates on the LAN, `stun` through
 *   a NAT with server- or peer-reflexive candidates, `relayed` by TURN) and
 *   its round-trip time.
 * - `explainFailure` names the step that failed: `signaling`, `ice`,
 *   `turn-credentials`, `turn-unreachable`; `statedFailure` recognizes
 *   `admission` from the hand-off's own reason.
 */
import { armIceRestart, type IceRestartRole } from './ice-restart.ts';
import type { DataConnectionLike } from './peer-like.ts';

/** How a connection's packets travel. */
export type ConnectionPath = 'direct' | 'stun' | 'relayed';

/** One open connection of a match, as `peermatch-ready` and `match-ready` report it. */
export interface ConnectionNetwork {
  /** The PeerJS id at the other end. */
  peerId: string;
  path: ConnectionPath;
  /** Plain words: "direct on the local network", "through a NAT (STUN)", "relayed by a TURN server". */
  description: string;
  /** ICE candidate types of the selected pair: `host`, `srflx`, `prflx`, `relay`. */
  localCandidateType: string;
  remoteCandidateType: string;
  /** `udp` or `tcp` (between this browser and its first hop). */
  protocol?: string;
  /** Round-trip time of the selected pair, ms (STUN consent checks). */
  roundTripTimeMs?: number;
  /** ICE restarts this connection went through. */
  iceRestarts: number;
}

/** The step of a connection that failed. */
export type FailureStep = 'signaling' | 'ice' | 'turn-credentials' | 'turn-unreachable' | 'admission';

/** Why a match's connection failed. */
export interface ConnectionFailure {
  step: FailureStep;
  /** Plain words, for the player. */
  reason: string;
}

/** What a watch saw of one connection. */
export interface ConnectionWatch {
  readonly peerId: string;
  /** Local candidate types gathered, in order of first sight. */
  readonly candidateTypes: Set<string>;
  /** TURN/STUN server errors: `icecandidateerror`. */
  readonly serverErrors: { url: string; code: number; text: string }[];
  /** The TURN URLs this connection was given. */
  readonly turnUrls: string[];
  /** ICE connection states, in order. */
  readonly iceStates: string[];
  /** Whether the other side's description arrived (offer answered, or offer received). */
  remoteDescription: boolean;
  iceRestarts: number;
}

type PeerConnectionHolder = { peerConnection?: RTCPeerConnection | null };

const watches = new WeakMap<DataConnectionLike, ConnectionWatch>();

/** The DataConnection itself: a game connection (`game-connection.ts`) is a Proxy around it, with `raw` the connection. */
function unwrapped(connection: DataConnectionLike): DataConnectionLike {
  return (connection as { raw?: DataConnectionLike }).raw ?? connection;
}

/** The connection's `RTCPeerConnection` (PeerJS's `peerConnection`), when it has one. */
export function peerConnectionOf(connection: DataConnectionLike): RTCPeerConnection | undefined {
  return (connection as unknown as PeerConnectionHolder).peerConnection ?? undefined;
}

/**
 * Starts following `connection` (once; later calls return the same watch).
 * `role`: `offerer` for the side that opened it (restarts ICE), `answerer` for the other.
 * A connection without an `RTCPeerConnection` (a loopback test peer) gets an empty watch.
 */
export function watchConnection(connection: DataConnectionLike, role: IceRestartRole): ConnectionWatch {
  connection = unwrapped(connection);
  const existing = watches.get(connection);
  if (existing) return existing;
  const watch: ConnectionWatch = { peerId: connection.peer, candidateTypes: new Set(), serverErrors: [], turnUrls: [], iceStates: [], remoteDescription: false, iceRestarts: 0 };
  watches.set(connection, watch);
  const pc = peerConnectionOf(connection);
  if (!pc) return watch;
  for (const server of pc.getConfiguration().iceServers ?? []) {
    for (const url of typeof server.urls === 'string' ? [server.urls] : server.urls) if (/^turns?:/.test(url)) watch.turnUrls.push(url);
  }
  pc.addEventListener('icecandidate', (event) => {
    const type = event.candidate?.type ?? /\btyp (\w+)/.exec(event.candidate?.candidate ?? '')?.[1];
    if (type) watch.candidateTypes.add(type);
  });
  pc.addEventListener('icecandidateerror', (event) => {
    const error = event as RTCPeerConnectionIceErrorEvent;
    watch.serverErrors.push({ url: error.url, code: error.errorCode, text: error.errorText });
  });
  pc.addEventListener('signalingstatechange', () => {
    if (pc.remoteDescription) watch.remoteDescription = true;
  });
  if (pc.remoteDescription) watch.remoteDescription = true;
  pc.addEventListener('iceconnectionstatechange', () => watch.iceStates.push(pc.iceConnectionState));
  armIceRestart(connection, pc, role, () => watch.iceRestarts++);
  return watch;
}

/** The watch of `connection`, if it is watched. */
export function watchOf(connection: DataConnectionLike): ConnectionWatch | undefined {
  return watches.get(unwrapped(connection));
}

/** The path of a pair whose ends have these candidate types. */
export function pathOf(localType: string, remoteType: string): ConnectionPath {
  if (localType === 'relay' || remoteType === 'relay') return 'relayed';
  if (localType === 'host' && remoteType === 'host') return 'direct';
  return 'stun';
}

/** Plain words for a path. */
export function describePath(path: ConnectionPath): string {
  switch (path) {
    case 'direct':
      return 'direct on the local network';
    case 'stun':
      return 'through a NAT (STUN)';
    case 'relayed':
      return 'relayed by a TURN server';
  }
}

type StatsEntry = Record<string, unknown> & { id: string; type: string };

/** The selected candidate pair of an open connection, from `getStats()`; undefined without one (or without WebRTC). */
export async function networkOf(connection: DataConnectionLike): Promise<ConnectionNetwork | undefined> {
  const pc = peerConnectionOf(connection);
  if (!pc) return undefined;
  const report = await pc.getStats();
  const entries = new Map<string, StatsEntry>();
  report.forEach((entry: StatsEntry) => entries.set(entry.id, entry));
  const all = [...entries.values()];
  const transport = all.find((entry) => entry.type === 'transport' && typeof entry.selectedCandidatePairId === 'string');
  const pair =
    (transport ? entries.get(transport.selectedCandidatePairId as string) : undefined) ??
    all.find((entry) => entry.type === 'candidate-pair' && (entry.selected === true || (entry.nominated === true && entry.state === 'succeeded')));
  if (!pair) return undefined;
  const local = entries.get(pair.localCandidateId as string);
  const remote = entries.get(pair.remoteCandidateId as string);
  const localCandidateType = String(local?.candidateType ?? 'unknown');
  const remoteCandidateType = String(remote?.candidateType ?? 'unknown');
  const path = pathOf(localCandidateType, remoteCandidateType);
  const network: ConnectionNetwork = {
    peerId: connection.peer,
    path,
    description: describePath(path),
    localCandidateType,
    remoteCandidateType,
    iceRestarts: watches.get(unwrapped(connection))?.iceRestarts ?? 0,
  };
  if (typeof local?.protocol === 'string') network.protocol = local.protocol;
  const rttSeconds =
    typeof pair.currentRoundTripTime === 'number'
      ? pair.currentRoundTripTime
      : typeof pair.totalRoundTripTime === 'number' && typeof pair.responsesReceived === 'number' && pair.responsesReceived > 0
        ? pair.totalRoundTripTime / pair.responsesReceived
        : undefined;
  if (rttSeconds !== undefined) network.roundTripTimeMs = Math.round(rttSeconds * 10_000) / 10;
  return network;
}

/** `networkOf` for every connection, waiting at most `timeoutMs`; connections without stats are left out. */
export async function networksOf(connections: readonly DataConnectionLike[], timeoutMs = 1000): Promise<ConnectionNetwork[]> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const settled: (ConnectionNetwork | undefined)[] = await Promise.race([
    Promise.all(connections.map((connection) => networkOf(connection).catch(() => undefined))),
    new Promise<undefined[]>((resolve) => {
      timer = setTimeout(() => resolve([]), timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  return settled.filter((network): network is ConnectionNetwork => network !== undefined);
}

/**
 * The failure a hand-off's own reason already names, before any look at the
 * connection: the game host refused this player (its admission check), or
 * admitted it and then gave up on the match because another player never
 * arrived. Both are the game host's admission step, not this connection's
 * ICE: the connection itself was open. Undefined for any other reason.
 */
export function statedFailure(reason: string): ConnectionFailure | undefined {
  return /^the game host (refused the connection|gave up on the match)/.test(reason) ? { step: 'admission', reason } : undefined;
}

/** Why the connection `watch` followed did not open, in plain words; `peer` names the other side ("the game host"). */
export function explainFailure(watch: ConnectionWatch | undefined, peer: string): ConnectionFailure {
  if (!watch || (watch.iceStates.length === 0 && !watch.remoteDescription)) {
    return { step: 'signaling', reason: `no answer from ${peer} through the signaling server: it never received or never answered the connection offer` };
  }
  const refused = watch.serverErrors.find((error) => error.code === 401 && /^turns?:/.test(error.url));
  if (refused) return { step: 'turn-credentials', reason: `the TURN server ${refused.url} refused the credentials (401 ${refused.text || 'Unauthorized'})` };
  if (watch.turnUrls.length > 0 && !watch.candidateTypes.has('relay')) {
    const errors = watch.serverErrors.filter((error) => /^turns?:/.test(error.url)).map((error) => `${error.code} ${error.text}`.trim());
    const answer = errors.length > 0 ? errors.join('; ') : 'no answer';
    return {
      step: 'turn-unreachable',
      reason: `no TURN relay was reachable (${watch.turnUrls.join(', ')}: ${answer}), and no direct path to ${peer} got through`,
    };
  }
  const gathered = watch.candidateTypes.size > 0 ? [...watch.candidateTypes].join(', ') : 'none';
  const states = watch.iceStates.length > 0 ? watch.iceStates.join(' → ') : 'new';
  const relayHint = watch.turnUrls.length === 0 ? '; no TURN server was configured, so a strict NAT or firewall cannot be crossed' : '';
  return { step: 'ice', reason: `ICE found no working candidate pair to ${peer} (local candidates: ${gathered}; ICE states: ${states})${relayHint}` };
}
