/**
 * The small 1v1 rule set the integration tests, browser pages and the relay
 * bench share: two teams of one, skills within `maxDistance` (default 10),
 * optionally widening to `widenTo` after `widenAfterSeconds`.
 */
export function duelRuleSet(options: { maxDistance?: number; widenTo?: number; widenAfterSeconds?: number } = {}): string {
  const { maxDistance = 10, widenTo, widenAfterSeconds } = options;
  const widens = widenTo !== undefined && widenAfterSeconds !== undefined;
  return JSON.stringify({
    name: widens ? 'widening-duel' : 'duel',
    ruleLanguageVersion: '1.0',
    playerAttributes: [{ name: 'skill', type: 'number', default: 10 }],
    teams: [
      { name: 'red', minPlayers: 1, maxPlayers: 1 },
      { name: 'blue', minPlayers: 1, maxPlayers: 1 },
    ],
    rules: [
      {
        name: 'FairSkill',
        type: 'distance',
        measurements: ['avg(teams[red].players.attributes[skill])'],
        referenceValue: 'avg(teams[blue].players.attributes[skill])',
        maxDistance,
      },
    ],
    ...(widens
      ? { expansions: [{ target: 'rules[FairSkill].maxDistance', steps: [{ waitTimeSeconds: widenAfterSeconds, value: widenTo }] }] }
      : {}),
  });
}

/** Two teams of `size` and no rules: any `2 * size` players make a match. */
export function openTeamsRuleSet(size: number, name = `teams-of-${size}`): string {
  return JSON.stringify({
    name,
    ruleLanguageVersion: '1.0',
    playerAttributes: [{ name: 'skill', type: 'number', default: 10 }],
    teams: [
      { name: 'red', minPlayers: size, maxPlayers: size },
      { name: 'blue', minPlayers: size, maxPlayers: size },
    ],
    rules: [],
  });
}

/** Three teams of one and no rules: any three tickets make a match (a game host and two successors to be). */
export const THREE_SOLOS = JSON.stringify({
  name: 'three-solos',
  ruleLanguageVersion: '1.0',
  playerAttributes: [{ name: 'skill', type: 'number', default: 10 }],
  teams: ['red', 'blue', 'green'].map((name) => ({ name, minPlayers: 1, maxPlayers: 1 })),
  rules: [],
});

/** Two teams of one and no rules: any two tickets make a match. */
export const OPEN_DUEL = openTeamsRuleSet(1, 'duel');
