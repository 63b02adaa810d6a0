/**
 * What the lobby host's party modules (party-service.ts, party-search.ts)
 * need from their LobbyHost: the state, the Matchmaker, who is connected,
 * the sink for messages and the change notification.
 */
import type { ClientId, HostToClientMessage } from '../net/protocol.ts';
import type { Ledger } from './ledger.ts';
import type { MatchmakerLike } from './matchmaker-like.ts';
import type { Parties } from './parties.ts';

/** What the party service needs from its LobbyHost. */
export interface PartyServiceDeps {
  parties: Parties;
  ledger: Ledger;
  matchmaker: MatchmakerLike;
  configurationName: string;
  /** Whether the relay says a client is gone (false while it has said nothing). */
  gone(clientId: string): boolean;
  /** The most players of the lobby's largest team, when known. */
  largestTeam(): Promise<number | undefined>;
  send(clientId: ClientId, message: HostToClientMessage): void;
  changed(): void;
  random(): number;
  /** The most parties kept (default `MAX_PARTIES_PER_LOBBY`). */
  maxParties?: number;
}
