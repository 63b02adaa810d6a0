/**
 * Game host migration at the lobby host: a successor's client claims a game
 * session whose game host left (`claimGameHost`). The claim is granted when
 * the claimant's client brought that player into the session, the current
 * game host's client has left the relay, and no successor ranked above the
 * claimant is still connected (the core checks the ranking, see
 * src/core/matchmaker/game-host-change.ts). Then the core names the new game
 * host (later backfills' connection info names it), and the ledger gives the
 * claimant's client the session's backfill rights and its backfill tickets.
 *
 * Who is connected comes from `RelayPresence`, which follows the frames the
 * relay sends the host (`registered.clients`, `client-joined`, `client-left`).
 */
import type { ClientId, ClientOps, ServerToHostFrame } from '../net/protocol.ts';
import { awsError, show } from '../core/matchmaker/errors.ts';
import type { Ledger } from './ledger.ts';
import type { MatchmakerLike } from './matchmaker-like.ts';

/** Which relay clients are connected right now, as the relay last said. */
export class RelayPresence {
  private connected = new Set<string>();
  /** Whether the relay has said who is connected (a `registered` frame) at all. */
  private known = false;

  /** Follows a frame from the relay; other frames are ignored. */
  onFrame(frame: ServerToHostFrame): void {
    if (frame.type === 'registered') {
      this.connected = new Set(frame.clients);
      this.known = true;
    }
    else if (frame.type === 'client-joined') this.connected.add(frame.clientId);
    else if (frame.type === 'client-left') this.connected.delete(frame.clientId);
  }

  has(clientId: string): boolean {
    return this.connected.has(clientId);
  }

  /** Whether the relay says `clientId` is gone (false while the relay has said nothing yet). */
  gone(clientId: string): boolean {
    return this.known && !this.connected.has(clientId);
  }
}

type Claim = ClientOps['claimGameHost'];

/** Serves one `claimGameHost` (see the file comment); throws the refusal, naming the field and value. */
export async function claimGameHost(
  clientId: ClientId,
  input: Claim['input'],
  ledger: Ledger,
  presence: { has(clientId: string): boolean },
  matchmaker: MatchmakerLike,
): Promise<Claim['output']> {
  const arn: unknown = input.GameSessionArn;
  const playerId: unknown = input.PlayerId;
  if (typeof arn !== 'string') throw awsError('InvalidRequestException', `GameSessionArn: expected a game session ARN, got ${show(arn)}`);
  if (typeof playerId !== 'string') throw awsError('InvalidRequestException', `PlayerId: expected a player id, got ${show(playerId)}`);
  const session = ledger.gameSession(arn);
  if (!session) throw awsError('NotFoundException', `GameSessionArn: this lobby has no game session ${show(arn)} with a game host`);
  const player = ledger.player(playerId);
  if (player?.clientId !== clientId || ledger.ticket(player.ticketId)?.placedIn !== arn) {
    throw awsError('InvalidRequestException', `PlayerId: player ${show(playerId)} did not join game session ${show(arn)} through this client`);
  }
  if (session.clientId !== clientId && presence.has(session.clientId)) {
    throw awsError('InvalidRequestException', `GameSessionArn: the game host's client of ${show(arn)} is still connected; a successor takes over only once it left`);
  }
  const present = ledger.playersIn(arn).filter((id) => {
    const owner = ledger.player(id)?.clientId;
    return id !== playerId && owner !== undefined && owner !== clientId && presence.has(owner);
  });
  const output = await matchmaker.changeGameHost({ GameSessionArn: arn, PlayerId: playerId, PresentPlayerIds: present });
  ledger.moveGameHost(arn, clientId);
  return output;
}
