/**
 * What a ticket request may carry: every limit is refused by the Matchmaker
 * with an InvalidRequestException naming the player, the attribute, the size
 * and the limit, so a ticket answer always fits a relay frame.
 */
import { describe, expect, it } from 'vitest';
import { Matchmaker } from '../src/core/matchmaker/index.ts';
import {
  MAX_ATTRIBUTE_LIST_SIZE,
  MAX_ATTRIBUTE_MAP_SIZE,
  MAX_ATTRIBUTE_STRING_LENGTH,
  MAX_ATTRIBUTES_PER_PLAYER,
  MAX_REQUEST_PLAYERS_BYTES,
} from '../src/core/matchmaker/request-limits.ts';
import type { AttributeValue, Player } from '../src/core/matchmaker/types.ts';
import { MAX_FRAME_BYTES } from '../src/net/protocol.ts';
import { openTeamsRuleSet } from './support/duel-rule-set.ts';

function matchmaker(): Matchmaker {
  const mm = new Matchmaker();
  mm.createMatchmakingRuleSet({ Name: 'teams', RuleSetBody: openTeamsRuleSet(10) });
  mm.createMatchmakingConfiguration({ Name: 'cfg', RuleSetName: 'teams', RequestTimeoutSeconds: 60, AcceptanceRequired: false });
  return mm;
}

function start(mm: Matchmaker, players: Player[]): unknown {
  return mm.startMatchmaking({ ConfigurationName: 'cfg', Players: players });
}

function refusal(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a refusal');
}

const withAttribute = (value: AttributeValue, id = 'p1'): Player => ({ PlayerId: id, PlayerAttributes: { mode: value } });

describe('ticket request limits', () => {
  it('refuses an attribute string over the limit, naming the player, the attribute, its length and the limit', () => {
    const error = refusal(() => start(matchmaker(), [withAttribute({ S: 'x'.repeat(MAX_ATTRIBUTE_STRING_LENGTH + 1) })]));
    expect(error.name).toBe('InvalidRequestException');
    expect(error.message).toBe(
      `Players[0] (player "p1").PlayerAttributes.mode.S: a string of ${MAX_ATTRIBUTE_STRING_LENGTH + 1} characters, over the limit of ${MAX_ATTRIBUTE_STRING_LENGTH}`,
    );
  });

  it('refuses a string list and a map over their sizes, and a list item over the string limit', () => {
    const list = refusal(() => start(matchmaker(), [withAttribute({ SL: Array.from({ length: MAX_ATTRIBUTE_LIST_SIZE + 1 }, (_, i) => `m${i}`) })]));
    expect(list.message).toBe(`Players[0] (player "p1").PlayerAttributes.mode.SL: ${MAX_ATTRIBUTE_LIST_SIZE + 1} items, over the limit of ${MAX_ATTRIBUTE_LIST_SIZE}`);
    const map = refusal(() => start(matchmaker(), [withAttribute({ SDM: Object.fromEntries(Array.from({ length: MAX_ATTRIBUTE_MAP_SIZE + 1 }, (_, i) => [`k${i}`, i])) })]));
    expect(map.message).toBe(`Players[0] (player "p1").PlayerAttributes.mode.SDM: ${MAX_ATTRIBUTE_MAP_SIZE + 1} entries, over the limit of ${MAX_ATTRIBUTE_MAP_SIZE}`);
    const item = refusal(() => start(matchmaker(), [withAttribute({ SL: ['ok', 'y'.repeat(300)] })]));
    expect(item.message).toMatch(/\.SL\[1\]: a string of 300 characters, over the limit of 256$/);
  });

  it('refuses a player with more attributes than allowed', () => {
    const attributes = Object.fromEntries(Array.from({ length: MAX_ATTRIBUTES_PER_PLAYER + 1 }, (_, i) => [`a${i}`, { N: i }]));
    const error = refusal(() => start(matchmaker(), [{ PlayerId: 'p1', PlayerAttributes: attributes }]));
    expect(error.message).toBe(`Players[0] (player "p1").PlayerAttributes: ${MAX_ATTRIBUTES_PER_PLAYER + 1} attributes, over the limit of ${MAX_ATTRIBUTES_PER_PLAYER}`);
  });

  it('refuses a 65,289-byte request whose every value is within its own limit, naming the total and the largest player', () => {
    const big = (id: string): Player => ({
      PlayerId: id.padEnd(1000, '-'),
      PlayerAttributes: Object.fromEntries(Array.from({ length: 24 }, (_, i) => [`a${i}`, { S: 'z'.repeat(250) }])),
    });
    const players = Array.from({ length: 10 }, (_, i) => big(`p${i}`));
    const request = { ConfigurationName: 'cfg', Players: players };
    expect(JSON.stringify(request).length).toBeGreaterThan(65_000);
    const error = refusal(() => matchmaker().startMatchmaking(request));
    expect(error.name).toBe('InvalidRequestException');
    expect(error.message).toMatch(new RegExp(`^Players: \\d+ bytes of player data, over the limit of ${MAX_REQUEST_PLAYERS_BYTES} bytes \\(the largest, Players\\[\\d\\], takes \\d+ bytes\\)$`));
  });

  it('accepts the largest request within every limit, and its ticket answer fits a relay frame', () => {
    // 12 attributes of 250 characters take about 3,200 bytes a player: 10 players just under the 32 KiB limit.
    const players = Array.from({ length: 10 }, (_, i) => ({
      PlayerId: `p${i}`,
      PlayerAttributes: Object.fromEntries(Array.from({ length: 12 }, (_, k) => [`a${k}`, { S: 's'.repeat(250) }])),
    }));
    const answer = start(matchmaker(), players);
    const frame = JSON.stringify({ type: 'to-client', clientId: 'c'.repeat(16), message: { type: 'response', requestId: 'r'.repeat(64), ok: true, value: answer } });
    expect(frame.length).toBeGreaterThan(MAX_REQUEST_PLAYERS_BYTES - 4000);
    expect(frame.length).toBeLessThan(MAX_FRAME_BYTES);
  });

  it('counts the request in UTF-8 bytes, not characters: two-byte letters refuse what ASCII letters of the same length pass', () => {
    const players = (letter: string) =>
      Array.from({ length: 10 }, (_, i) => ({
        PlayerId: `p${i}`,
        PlayerAttributes: Object.fromEntries(Array.from({ length: 12 }, (_, k) => [`a${k}`, { S: letter.repeat(250) }])),
      }));
    expect(() => start(matchmaker(), players('s'))).not.toThrow();
    const error = refusal(() => start(matchmaker(), players('é')));
    expect(error.name).toBe('InvalidRequestException');
    expect(error.message).toMatch(/^Players: 6\d,\d{3} bytes|^Players: 6\d{4} bytes of player data, over the limit of 32768 bytes/);
  });

  it('checks backfill players with the same limits', () => {
    const mm = matchmaker();
    const error = refusal(() =>
      mm.startMatchBackfill({
        ConfigurationName: 'cfg',
        GameSessionArn: 'arn:aws:gamelift:us-east-1::gamesession/fleet-1/gs-1',
        Players: [{ PlayerId: 'p1', Team: 'red', PlayerAttributes: { mode: { S: 'q'.repeat(1000) } } }],
      }),
    );
    expect(error.message).toBe('Players[0] (player "p1").PlayerAttributes.mode.S: a string of 1000 characters, over the limit of 256');
  });
});
