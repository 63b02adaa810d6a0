/**
 * Game host migration at the lobby host: a successor's client claims a game
 * session whose game host's client left the relay (`claimGameHost`),
 * against an in-process Matchmaker and a fake relay sink.
 */
import { describe, expect, it } from 'vitest';
import { Matchmaker, type MatchmakingEvent } from '../src/core/matchmaker/index.ts';
import type { ClientId, ClientOp, HostId, HostToClientMessage, RelayEvent, ResponseFrame } from '../src/net/protocol.ts';
import { connectionInfoOf } from '../src/net/connection-info.ts';
import { LobbyHost } from '../src/host/lobby-host.ts';

const ALICE = 'client-alice' as ClientId;
const BOB = 'client-bob' as ClientId;
const CAROL = 'client-carol' as ClientId;
const DAVE = 'client-dave' as ClientId;

/** One squad of two to four players. */
const SQUAD = JSON.stringify({
  name: 'squad',
  ruleLanguageVersion: '1.0',
  playerAttributes: [{ name: 'skill', type: 'number', default: 10 }],
  teams: [{ name: 'squad', minPlayers: 3, maxPlayers: 4 }],
  rules: [],
});

/** Alice, Bob and Carol matched (oldest ticket first: Alice hosts, Bob then Carol succeed), all connected to the relay. */
async function matchedSquad() {
  let nowMs = Date.parse('2030-01-01T00:00:00Z');
  const matchmaker = new Matchmaker({ now: () => nowMs });
  matchmaker.createMatchmakingRuleSet({ Name: 'squad', RuleSetBody: SQUAD });
  matchmaker.createMatchmakingConfiguration({ Name: 'cfg', RuleSetName: 'squad', RequestTimeoutSeconds: 120, AcceptanceRequired: false, BackfillMode: 'AUTOMATIC' });
  const sent: { clientId: ClientId; message: HostToClientMessage }[] = [];
  const host = new LobbyHost({
    matchmaker,
    configurationName: 'cfg',
    send: (clientId, message) => sent.push({ clientId, message: JSON.parse(JSON.stringify(message)) }),
    now: () => nowMs,
    onError: (error) => {
      throw error;
    },
  });
  let nextRequest = 0;
  const request = async (clientId: ClientId, op: ClientOp, input: Record<string, unknown>): Promise<ResponseFrame> => {
    const requestId = `r${++nextRequest}`;
    host.handleRequest(clientId, { type: 'request', requestId, op, input });
    await host.idle();
    return sent.find((s) => s.message.type === 'response' && s.message.requestId === requestId)!.message as ResponseFrame;
  };
  const ok = async (clientId: ClientId, op: ClientOp, input: Record<string, unknown>): Promise<any> => {
    const response = await request(clientId, op, input);
    if (!response.ok) throw new Error(`${op} refused: ${response.error.name}: ${response.error.message}`);
    return response.value;
  };
  const refusal = async (clientId: ClientId, op: ClientOp, input: Record<string, unknown>): Promise<string> => {
    const response = await request(clientId, op, input);
    if (response.ok) throw new Error(`${op} was accepted`);
    return `${response.error.name}: ${response.error.message}`;
  };
  const events = (clientId: ClientId): RelayEvent[] =>
    sent.filter((s) => s.clientId === clientId && s.message.type === 'event').map((s) => (s.message as { event: RelayEvent }).event);
  const succeeded = (clientId: ClientId) =>
    events(clientId).filter((e): e is MatchmakingEvent => 'detail' in e && e.detail.type === 'MatchmakingSucceeded').map((e) => connectionInfoOf(e)!);
  host.handleFrame({ type: 'registered', lobby: 'squad' as never, token: 'x'.repeat(22), created: true, clients: [ALICE, BOB, CAROL, DAVE], role: 'primary', term: 1, hostId: 'h1' as HostId, standbys: [], primary: null });
  for (const [clientId, playerId] of [[ALICE, 'alice'], [BOB, 'bob'], [CAROL, 'carol']] as const) {
    nowMs += 1000;
    await ok(clientId, 'startMatchmaking', { TicketId: `t-${playerId}`, PeerId: `peer-${playerId}`, Players: [{ PlayerId: playerId }] });
  }
  matchmaker.tick();
  await host.idle();
  const connection = succeeded(ALICE)[0]!;
  const left = (clientId: ClientId) => host.handleFrame({ type: 'client-left', clientId });
  const tick = async () => {
    nowMs += 1000;
    matchmaker.tick();
    await host.idle();
  };
  return { host, ok, refusal, events, succeeded, connection, arn: connection.gameSessionArn, left, tick };
}

describe('claimGameHost', () => {
  it("grants the first successor the session once the game host's client left, with its backfill rights and game-session updates", async () => {
    const t = await matchedSquad();
    expect(t.connection.gameHostPlayerId).toBe('alice');
    expect(t.connection.successorPlayerIds).toEqual(['bob', 'carol']);
    t.left(ALICE);

    const claimed = await t.ok(BOB, 'claimGameHost', { GameSessionArn: t.arn, PlayerId: 'bob' });

    expect(claimed).toEqual({ GameHostPlayerId: 'bob', GameHostPeerId: 'peer-bob', SuccessorPlayerIds: ['alice', 'carol'] });
    const { BackfillTicketId } = await t.ok(BOB, 'reportPlayerLeft', { GameSessionArn: t.arn, PlayerId: 'alice' });
    expect(BackfillTicketId).toEqual(expect.any(String));
    expect(t.events(BOB).some((e) => 'kind' in e && e.kind === 'game-session-update')).toBe(false);
    await t.ok(DAVE, 'startMatchmaking', { TicketId: 't-dave', PeerId: 'peer-dave', Players: [{ PlayerId: 'dave' }] });
    await t.tick();
    const refill = t.succeeded(DAVE)[0]!;
    expect(refill.gameHostPlayerId).toBe('bob');
    expect(refill.gameHostPeerId).toBe('peer-bob');
    expect(t.events(BOB).some((e) => 'kind' in e && e.kind === 'game-session-update')).toBe(true);
    expect(await t.refusal(ALICE, 'startMatchBackfill', { GameSessionArn: t.arn, Players: [] })).toMatch(/only the game host of game session/);
  });

  it("refuses a successor while the game host's client is still connected", async () => {
    const t = await matchedSquad();
    expect(await t.refusal(BOB, 'claimGameHost', { GameSessionArn: t.arn, PlayerId: 'bob' })).toMatch(
      /^InvalidRequestException: GameSessionArn: the game host's client of ".*" is still connected/,
    );
    expect(await t.refusal(BOB, 'reportPlayerLeft', { GameSessionArn: t.arn, PlayerId: 'carol' })).toMatch(/only the game host/);
  });

  it('refuses a lower-ranked successor while a higher one is still connected, and grants it once that one left too', async () => {
    const t = await matchedSquad();
    t.left(ALICE);
    expect(await t.refusal(CAROL, 'claimGameHost', { GameSessionArn: t.arn, PlayerId: 'carol' })).toMatch(
      /^InvalidRequestException: PlayerId: successor "bob" ranks above "carol" .* and is still there/,
    );
    t.left(BOB);
    expect((await t.ok(CAROL, 'claimGameHost', { GameSessionArn: t.arn, PlayerId: 'carol' })).GameHostPlayerId).toBe('carol');
  });

  it('refuses a stranger, and a client claiming for a player it did not bring', async () => {
    const t = await matchedSquad();
    t.left(ALICE);
    expect(await t.refusal(DAVE, 'claimGameHost', { GameSessionArn: t.arn, PlayerId: 'dave' })).toMatch(
      /^InvalidRequestException: PlayerId: player "dave" did not join game session ".*" through this client/,
    );
    expect(await t.refusal(DAVE, 'claimGameHost', { GameSessionArn: t.arn, PlayerId: 'bob' })).toMatch(/player "bob" did not join game session/);
    expect(await t.refusal(BOB, 'claimGameHost', { GameSessionArn: 'arn:aws:gamelift:us-east-1::gamesession/none', PlayerId: 'bob' })).toMatch(
      /^NotFoundException: GameSessionArn: this lobby has no game session/,
    );
    expect(await t.refusal(BOB, 'claimGameHost', { GameSessionArn: t.arn, PlayerId: 42 })).toMatch(/PlayerId: expected a player id, got 42/);
  });

  it('answers the game host claiming its own session again without changing anything', async () => {
    const t = await matchedSquad();
    expect((await t.ok(ALICE, 'claimGameHost', { GameSessionArn: t.arn, PlayerId: 'alice' })).SuccessorPlayerIds).toEqual(['bob', 'carol']);
  });
});
