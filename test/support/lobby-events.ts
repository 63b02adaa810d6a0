/**
 * FlexMatch event envelopes and lobby reducer inputs for the lobby element's
 * unit tests: `flexEvent(detail, atMs)` wraps a detail the way the host
 * sends it; `flexInput(detail, atMs)` is the same as the reducer's input.
 */
import type { MatchmakingEvent, MatchmakingEventDetail } from '../../src/core/matchmaker/events.ts';
import type { LobbyInput } from '../../src/elements/lobby/lobby-state.ts';

/** A detail as tests write it: the type and whatever fields the test needs. */
export type LooseDetail = Record<string, unknown> & { type: MatchmakingEventDetail['type'] };

/** The EventBridge envelope of `detail`, timed at `atMs`. */
export function flexEvent(detail: LooseDetail, atMs: number): MatchmakingEvent {
  return {
    version: '0',
    id: 'e',
    'detail-type': 'GameLift Matchmaking Event',
    source: 'aws.gamelift',
    account: '0',
    time: new Date(atMs).toISOString(),
    region: 'local',
    resources: [],
    detail: { gameSessionInfo: { players: [] }, ...detail },
  } as unknown as MatchmakingEvent;
}

/** The reducer input for a client that received `detail`. */
export function flexInput(detail: LooseDetail, atMs: number): LobbyInput {
  return { type: 'client', event: { type: 'matchmaking-event', event: flexEvent(detail, atMs) } };
}
