/**
 * ICE restart of a match connection that dropped to `disconnected` (a NAT
 * mapping that changed, a Wi-Fi to mobile switch, a relay path that broke),
 * before ICE gives up (`failed`, after which PeerJS closes the connection).
 *
 * PeerJS has no renegotiation: a second OFFER for an existing connection
 * closes it. So the restart travels as PeerJS `ANSWER` and `CANDIDATE`
 * messages through the same signaling socket, which PeerJS hands to the
 * existing connection's `setRemoteDescription` / `addIceCandidate`:
 * - the side that opened the connection (`offerer`, the player) waits
 *   `ICE_RESTART_DELAY_MS` in `disconnected`, then creates an offer with
 *   `iceRestart` and sends it;
 * - the other side (`answerer`, the game host) sees `have-remote-offer`,
 *   answers, and sends the answer back the same way;
 * - while restarting, both sides send their new candidates themselves
 *   (PeerJS stops sending candidates once ICE completed).
 * Only the offerer starts a restart, so the two sides never collide.
 */
import type { DataConnectionLike } from './peer-like.ts';

/** Which side of the connection this is. */
export type IceRestartRole = 'offerer' | 'answerer';

/** How long a connection may sit in `disconnected` before the offerer restarts ICE, ms. */
export const ICE_RESTART_DELAY_MS = 2000;

/**
 * The PeerJS internals a restart uses: the signaling socket, the connection's
 * id, and the peer's `RTCPeerConnection` configuration (the object
 * `server-ice.ts` updates in place when the server renews TURN credentials).
 */
interface PeerjsConnectionInternals {
  connectionId?: string;
  provider?: { socket?: { send(message: object): void }; options?: { config?: RTCConfiguration } } | null;
}

/**
 * Gives `pc` the peer's current ICE servers before a restart gathers new
 * candidates: a connection older than its TURN credentials would otherwise
 * ask the relay with expired ones (refused with 401). Keeps the servers it
 * has when the browser refuses the change.
 */
function freshenIceServers(pc: RTCPeerConnection, internals: PeerjsConnectionInternals): void {
  const iceServers = internals.provider?.options?.config?.iceServers;
  if (!iceServers) return;
  try {
    pc.setConfiguration({ ...pc.getConfiguration(), iceServers });
  } catch {
    // The restart goes on with the servers the connection was made with.
  }
}

/**
 * Arms the restart on `pc`, the `RTCPeerConnection` of `connection`.
 * `onRestart` is called once per restart (offerer: when it starts one; answerer: when it answers one).
 */
export function armIceRestart(connection: DataConnectionLike, pc: RTCPeerConnection, role: IceRestartRole, onRestart: () => void): void {
  const internals = connection as unknown as PeerjsConnectionInternals;
  const signal = (type: 'ANSWER' | 'CANDIDATE', payload: object): void => {
    const socket = internals.provider?.socket;
    if (!socket || internals.connectionId === undefined) return;
    socket.send({ type, payload: { ...payload, type: 'data', connectionId: internals.connectionId }, dst: connection.peer });
  };
  let restarting = false;
  let connectedOnce = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  pc.addEventListener('icecandidate', (event) => {
    if (restarting && event.candidate) signal('CANDIDATE', { candidate: event.candidate.toJSON() });
  });
  pc.addEventListener('iceconnectionstatechange', () => {
    const state = pc.iceConnectionState;
    if (state === 'connected' || state === 'completed') {
      connectedOnce = true;
      restarting = false;
      clearTimeout(timer);
      timer = undefined;
    } else if (state === 'disconnected' && role === 'offerer' && connectedOnce && timer === undefined) {
      timer = setTimeout(() => {
        timer = undefined;
        restart().catch(() => undefined);
      }, ICE_RESTART_DELAY_MS);
    } else if (state === 'failed' || state === 'closed') {
      clearTimeout(timer);
      timer = undefined;
    }
  });
  if (role === 'answerer') {
    pc.addEventListener('signalingstatechange', () => {
      if (pc.signalingState !== 'have-remote-offer' || !connectedOnce) return;
      restarting = true;
      onRestart();
      freshenIceServers(pc, internals);
      answer().catch(() => undefined);
    });
  }

  async function restart(): Promise<void> {
    if (pc.iceConnectionState !== 'disconnected' || pc.signalingState !== 'stable') return;
    restarting = true;
    onRestart();
    freshenIceServers(pc, internals);
    const offer = await pc.createOffer({ iceRestart: true });
    await pc.setLocalDescription(offer);
    signal('ANSWER', { sdp: { type: offer.type, sdp: offer.sdp } });
  }

  async function answer(): Promise<void> {
    const description = await pc.createAnswer();
    await pc.setLocalDescription(description);
    signal('ANSWER', { sdp: { type: description.type, sdp: description.sdp } });
  }
}
