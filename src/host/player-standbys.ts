/**
 * Players' tabs as standby hosts (the `playerStandbys` host option): the
 * lobby's primary offers the lobby's standby credential to its players in
 * every `describeLobby` answer (`standbyOffer`), and a `<peermatch-lobby>`
 * whose game set `volunteerHost` starts a standby host with it. For games
 * whose host is a player anyway: the lobby then outlives any one tab.
 *
 * The trust trade-off, which is why it is off unless the lobby's owner
 * turns it on: a standby holds the whole lobby state (every ticket, every
 * player's attributes and latencies, who owns which ticket) and may become
 * the primary, so with the offer on, any player of the lobby may read all of
 * it and serve the lobby. The credential admits a standby only: it never
 * claims a free lobby, nor takes a lobby whose primary is connected.
 *
 * The setting is the lobby's: it travels with the state to the standbys
 * (`ReplicaState.settings`), so a promoted standby that was started without
 * the option (a player's tab) keeps offering, and a host started with the
 * option (`true`, `false`, `{ max }`) sets it for the lobby.
 */
import { awsError, show } from '../core/matchmaker/errors.ts';
import type { DescribeLobbyOutput } from '../net/protocol.ts';
import type { LobbyHostSettings, PlayerStandbyPolicy } from './lobby-settings.ts';

export type { LobbyHostSettings, PlayerStandbyPolicy } from './lobby-settings.ts';

/**
 * The `playerStandbys` option: `true` offers the standby credential to every
 * player; `{ max }` only while the lobby has fewer than `max` standby hosts
 * (of any kind; the relay's own limit, `maxStandbysPerLobby`, default 4,
 * refuses more in any case); `false` (the default for a new lobby) never.
 */
export type PlayerStandbysOption = boolean | { max?: number };



/** The most `playerStandbys.max` may be (a lobby's standbys each get every change). */
export const MAX_PLAYER_STANDBYS = 64;

/**
 * The policy an option sets (`null`: off), or `undefined` when the option
 * is not given (the lobby keeps its setting). Throws
 * `InvalidRequestException` naming the value for a bad option.
 */
export function playerStandbyPolicyOf(option: PlayerStandbysOption | undefined): PlayerStandbyPolicy | null | undefined {
  if (option === undefined) return undefined;
  if (option === true) return {};
  if (option === false) return null;
  if (typeof option !== 'object' || option === null || Array.isArray(option)) {
    throw awsError('InvalidRequestException', `playerStandbys: expected true, false or { max }, got ${show(option)}`);
  }
  const { max } = option;
  if (max === undefined) return {};
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > MAX_PLAYER_STANDBYS) {
    throw awsError('InvalidRequestException', `playerStandbys.max: expected a whole number from 1 to ${MAX_PLAYER_STANDBYS}, got ${show(max)}`);
  }
  return { max };
}

/**
 * The settings a primary serves with: the option's when given, else the
 * lobby's as saved or replicated (`from`; a value that is not a policy,
 * from a damaged file, reads as off).
 */
export function lobbySettingsOf(option: PlayerStandbysOption | undefined, from: LobbyHostSettings | undefined): LobbyHostSettings {
  const policy = playerStandbyPolicyOf(option);
  if (policy === undefined) {
    let kept: PlayerStandbyPolicy | null | undefined;
    try {
      kept = from?.playerStandbys === undefined ? undefined : playerStandbyPolicyOf(from.playerStandbys);
    } catch {
      kept = undefined;
    }
    return kept ? { playerStandbys: kept } : {};
  }
  return policy === null ? {} : { playerStandbys: policy };
}

/** What the offer needs to know now. */
export interface OfferContext {
  settings: LobbyHostSettings;
  /** The lobby's standby credential, once the relay gave it. */
  standbyToken: string | undefined;
  /** Standby hosts connected now. */
  standbys: number;
}

/** `answer` with `standbyOffer` when the lobby offers it now; `answer` unchanged otherwise. */
export function withStandbyOffer(answer: DescribeLobbyOutput, context: OfferContext): DescribeLobbyOutput {
  const policy = context.settings.playerStandbys;
  if (policy === undefined || context.standbyToken === undefined) return answer;
  if (policy.max !== undefined && context.standbys >= policy.max) return answer;
  return { ...answer, standbyOffer: { token: context.standbyToken } };
}
