import { describe, expect, it } from 'vitest';
import {
  asCollections,
  asStringList,
  collectNumbers,
  collectScalars,
  evaluateExpression,
  isMapValue,
  isPlayerValue,
  isTeamValue,
  type MatchView,
  type Value,
} from '../src/core/expression/evaluate.ts';
import { parseExpression } from '../src/core/expression/parse.ts';
import type { AttributeValue } from '../src/core/ruleset/types.ts';

type Attrs = Record<string, AttributeValue>;

function team(name: string, players: [string, Attrs][], definition = name): MatchView['teams'][number] {
  return { name, definition, players: players.map(([playerId, attributes]) => ({ playerId, attributes })) };
}

/** red skills 10, 20, 30; blue skills 40, 60. */
const RED_BLUE: MatchView = {
  teams: [
    team('red', [
      ['r1', { skill: 10, gameMode: ['deathmatch', 'coop'], character: 'medic', maps: { castle: 80 } }],
      ['r2', { skill: 20, gameMode: ['coop'], character: 'tank' }],
      ['r3', { skill: 30, gameMode: ['coop', 'ctf'], character: 'medic' }],
    ]),
    team('blue', [
      ['b1', { skill: 40, gameMode: ['ctf', 'coop'], character: 'scout' }],
      ['b2', { skill: 60, gameMode: ['coop'] }],
    ]),
  ],
};

function run(text: string, match: MatchView = RED_BLUE): Value {
  const parsed = parseExpression(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.message}`);
  return evaluateExpression(parsed.expr, match);
}

/** Team values as their names, player values as their ids, so results read compactly. */
function names(value: Value): unknown {
  if (Array.isArray(value)) return value.map(names);
  if (isTeamValue(value)) return `team:${value.name}`;
  if (isPlayerValue(value)) return `player:${value.playerId}`;
  return value;
}

describe('common expressions (guide table)', () => {
  it('teams[red] is one team', () => {
    const red = run('teams[red]');
    expect(isTeamValue(red) && red.players.map((p) => p.playerId)).toEqual(['r1', 'r2', 'r3']);
  });

  it('teams[red,blue] is a list of the two teams', () => {
    expect(names(run('teams[red,blue]'))).toEqual(['team:red', 'team:blue']);
  });

  it('teams[*] is every team in match order', () => {
    expect(names(run('teams[*]'))).toEqual(['team:red', 'team:blue']);
  });

  it('team[red].players is the red players', () => {
    expect(names(run('team[red].players'))).toEqual(['player:r1', 'player:r2', 'player:r3']);
  });

  it('team[red,blue].players and team[*].players are the players grouped by team', () => {
    const grouped = [['player:r1', 'player:r2', 'player:r3'], ['player:b1', 'player:b2']];
    expect(names(run('team[red,blue].players'))).toEqual(grouped);
    expect(names(run('team[*].players'))).toEqual(grouped);
  });

  it('teams[blue,red] follows the order written', () => {
    expect(names(run('teams[blue,red].players[playerId]'))).toEqual([['b1', 'b2'], ['r1', 'r2', 'r3']]);
  });
});

describe('expression examples (guide table)', () => {
  it('teams[red].players[playerId] is the red player ids', () => {
    expect(run('teams[red].players[playerId]')).toEqual(['r1', 'r2', 'r3']);
  });

  it('teams[red].players.attributes[skill] is the red skills', () => {
    expect(run('teams[red].players.attributes[skill]')).toEqual([10, 20, 30]);
  });

  it('teams[red,blue].players.attributes[skill] is the skills grouped by team', () => {
    expect(run('teams[red,blue].players.attributes[skill]')).toEqual([[10, 20, 30], [40, 60]]);
  });

  it('teams[*].players.attributes[skill] is every skill grouped by team', () => {
    expect(run('teams[*].players.attributes[skill]')).toEqual([[10, 20, 30], [40, 60]]);
  });

  it('a missing attribute is null', () => {
    expect(run('teams[blue].players.attributes[character]')).toEqual(['scout', null]);
  });

  it('a string_number_map attribute is a tagged map value', () => {
    const [first, second] = run('teams[red].players.attributes[maps]') as Value[];
    expect(isMapValue(first!) && first.entries).toEqual({ castle: 80 });
    expect(second).toBeNull();
  });
});

describe('aggregation examples (guide table)', () => {
  it('flatten(teams[*].players.attributes[skill]) is every skill, not grouped', () => {
    expect(run('flatten(teams[*].players.attributes[skill])')).toEqual([10, 20, 30, 40, 60]);
  });

  it('avg of teams[red] skills is the red average', () => {
    expect(run('avg(teams[red].players.attributes[skill])')).toBe(20);
  });

  it('avg over teams[*] gives one average per team', () => {
    expect(run('avg(teams[*].players.attributes[skill])')).toEqual([20, 50]);
  });

  it('avg of the flattened skills is the match average', () => {
    expect(run('avg(flatten(teams[*].players.attributes[skill]))')).toBe(32);
  });

  it('count(teams[red].players) is the number of red players', () => {
    expect(run('count(teams[red].players)')).toBe(3);
  });

  it('count (teams[*].players) is the number of players of each team', () => {
    expect(run('count (teams[*].players)')).toEqual([3, 2]);
  });

  it('max(avg(teams[*]...)) is the highest team skill', () => {
    expect(run('max(avg(teams[*].players.attributes[skill]))')).toBe(50);
  });
});

describe('every aggregation on flat and nested lists', () => {
  it.each([
    ['min', 10, [10, 40], 10],
    ['max', 30, [30, 60], 60],
    ['avg', 20, [20, 50], 32],
    ['median', 20, [20, 50], 30],
    ['sum', 60, [60, 100], 160],
    ['count', 3, [3, 2], 5],
  ])('%s: red %j, per team %j, whole match %j', (fn, red, perTeam, all) => {
    expect(run(`${fn}(teams[red].players.attributes[skill])`)).toBe(red);
    expect(run(`${fn}(teams[*].players.attributes[skill])`)).toEqual(perTeam);
    expect(run(`${fn}(flatten(teams[*].players.attributes[skill]))`)).toBe(all);
  });

  it('stddev is the population standard deviation, per team on nested lists', () => {
    const textbook: MatchView = {
      teams: [
        team('a', [2, 4, 4, 4, 5, 5, 7, 9].map((skill, i): [string, Attrs] => [`a${i}`, { skill }])),
        team('b', [['b1', { skill: 10 }], ['b2', { skill: 20 }]]),
      ],
    };
    expect(run('stddev(teams[a].players.attributes[skill])', textbook)).toBe(2);
    expect(run('stddev(teams[*].players.attributes[skill])', textbook)).toEqual([2, 5]);
    expect(run('stddev(flatten(teams[*].players.attributes[skill]))', textbook)).toBeCloseTo(Math.sqrt(24.2), 12);
  });

  it('median of an even count is the mean of the two middle numbers', () => {
    expect(run('median(teams[blue].players.attributes[skill])')).toBe(50);
  });

  it('flatten removes exactly one level of nesting', () => {
    expect(run('flatten(teams[*].players.attributes[gameMode])')).toEqual([
      ['deathmatch', 'coop'],
      ['coop'],
      ['coop', 'ctf'],
      ['ctf', 'coop'],
      ['coop'],
    ]);
    expect(run('flatten(flatten(teams[*].players.attributes[gameMode]))')).toEqual([
      'deathmatch', 'coop', 'coop', 'coop', 'ctf', 'ctf', 'coop', 'coop',
    ]);
    expect(run('flatten(teams[*].players[playerId])')).toEqual(['r1', 'r2', 'r3', 'b1', 'b2']);
  });

  it('flatten of a flat list leaves it as it is', () => {
    expect(run('flatten(teams[red].players.attributes[skill])')).toEqual([10, 20, 30]);
  });

  it('set_intersection keeps the strings found in every string list', () => {
    expect(run('set_intersection(flatten(teams[*].players.attributes[gameMode]))')).toEqual(['coop']);
    expect(run('set_intersection(teams[red].players.attributes[gameMode])')).toEqual(['coop']);
  });

  it('set_intersection over teams[*] gives one intersection per team', () => {
    expect(run('set_intersection(teams[*].players.attributes[gameMode])')).toEqual([['coop'], ['coop']]);
  });

  it('set_intersection of a plain list of strings treats it as one string list', () => {
    expect(run('set_intersection(flatten(flatten(teams[*].players.attributes[gameMode])))')).toEqual(['deathmatch', 'coop', 'ctf']);
    expect(run('set_intersection(flatten(teams[*].players[playerId]))')).toEqual(['r1', 'r2', 'r3', 'b1', 'b2']);
  });

  it('set_intersection of the id lists of two teams is empty', () => {
    expect(run('set_intersection(teams[*].players[playerId])')).toEqual([]);
  });

  it('count counts a string_list attribute as one element', () => {
    expect(run('count(teams[red].players.attributes[gameMode])')).toBe(3);
    expect(run('count(flatten(teams[*].players.attributes[gameMode]))')).toBe(5);
    expect(run('count(flatten(flatten(teams[*].players.attributes[gameMode])))')).toBe(8);
    expect(run('count(set_intersection(flatten(teams[*].players.attributes[gameMode])))')).toBe(1);
  });

  it('count of teams counts teams; a single team counts as one', () => {
    expect(run('count(teams[*])')).toBe(2);
    expect(run('count(teams[red])')).toBe(1);
  });

  it('aggregations of a number treat it as a list of one', () => {
    expect(run('max(count(teams[red].players))')).toBe(3);
    expect(run('avg(7)')).toBe(7);
  });
});

describe('empty teams, missing values and wrong types', () => {
  const withEmpty: MatchView = {
    teams: [team('red', [['r1', { skill: 10 }], ['r2', { skill: 30 }]]), team('blue', [])],
  };

  it('a team with no players has no average, minimum, maximum, median or deviation', () => {
    for (const fn of ['avg', 'min', 'max', 'median', 'stddev']) {
      expect(run(`${fn}(teams[blue].players.attributes[skill])`, withEmpty)).toBeNull();
      expect(run(`${fn}(teams[*].players.attributes[skill])`, withEmpty)).toEqual([expect.any(Number), null]);
    }
  });

  it('the sum and count of an empty team are 0', () => {
    expect(run('sum(teams[blue].players.attributes[skill])', withEmpty)).toBe(0);
    expect(run('count(teams[*].players)', withEmpty)).toEqual([2, 0]);
  });

  it('an empty team disappears when flattened', () => {
    expect(run('avg(flatten(teams[*].players.attributes[skill]))', withEmpty)).toBe(20);
    expect(run('max(count(teams[*].players))', withEmpty)).toBe(2);
    expect(run('min(count(teams[*].players))', withEmpty)).toBe(0);
  });

  it('set_intersection of no lists is empty', () => {
    expect(run('set_intersection(teams[blue].players.attributes[gameMode])', withEmpty)).toEqual([]);
  });

  it('numeric aggregations skip missing attributes', () => {
    const partial: MatchView = { teams: [team('red', [['r1', { skill: 10 }], ['r2', {}], ['r3', { skill: 20 }]])] };
    expect(run('avg(teams[red].players.attributes[skill])', partial)).toBe(15);
    expect(run('count(teams[red].players.attributes[skill])', partial)).toBe(3);
  });

  it('numeric aggregations of strings, lists or players are null, never an exception', () => {
    expect(run('avg(teams[red].players.attributes[character])')).toBeNull();
    expect(run('sum(teams[red].players.attributes[gameMode])')).toBeNull();
    expect(run('max(teams[*].players)')).toEqual([null, null]);
    expect(run('min(teams[red])')).toBeNull();
  });

  it('an unknown team is an empty list', () => {
    expect(run('teams[green]')).toEqual([]);
    expect(run('count(flatten(teams[green].players))')).toBe(0);
    expect(run('teams[red,green].players[playerId]')).toEqual([['r1', 'r2', 'r3']]);
  });
});

describe('team definitions with quantity > 1', () => {
  const trios: MatchView = {
    teams: [
      team('trio_1', [['a', { skill: 1 }], ['b', { skill: 3 }]], 'trio'),
      team('trio_2', [['c', { skill: 10 }]], 'trio'),
      team('trio_3', [], 'trio'),
      team('solo', [['d', { skill: 100 }]]),
    ],
  };

  it('teams[trio] means all three instances', () => {
    expect(names(run('teams[trio]', trios))).toEqual(['team:trio_1', 'team:trio_2', 'team:trio_3']);
    expect(run('count(teams[trio].players)', trios)).toEqual([2, 1, 0]);
    expect(run('avg(teams[trio].players.attributes[skill])', trios)).toEqual([2, 10, null]);
  });

  it('teams[trio_2] is the one instance', () => {
    expect(names(run('teams[trio_2]', trios))).toBe('team:trio_2');
    expect(run('count(teams[trio_2].players)', trios)).toBe(1);
  });

  it('teams[trio,solo] lists the instances of trio, then solo', () => {
    expect(names(run('teams[trio,solo]', trios))).toEqual(['team:trio_1', 'team:trio_2', 'team:trio_3', 'team:solo']);
  });

  it('the three-team game keeps team sizes within one', () => {
    expect(run('max(count(teams[*].players))', trios)).toBe(2);
    expect(run('min(count(teams[*].players))', trios)).toBe(0);
  });
});

describe('the expressions of the example rule sets', () => {
  it('01 aliens vs cowboys: team averages, the match average and team sizes', () => {
    const match: MatchView = {
      teams: [team('cowboys', [['c1', { skill: 10 }], ['c2', { skill: 20 }]]), team('aliens', [['a1', { skill: 30 }]])],
    };
    expect(run('avg(teams[*].players.attributes[skill])', match)).toEqual([15, 30]);
    expect(run('avg(flatten(teams[*].players.attributes[skill]))', match)).toBe(20);
    expect(run('count(teams[cowboys].players)', match)).toBe(2);
    expect(run('count(teams[aliens].players)', match)).toBe(1);
  });

  it('02 players vs monster: wantsToBeMonster, monster skill and the desired skill', () => {
    const match: MatchView = {
      teams: [
        team('players', [['p1', { skill: 5, wantsToBeMonster: 0, desiredSkillOfMonster: 40 }], ['p2', { skill: 6, wantsToBeMonster: 0, desiredSkillOfMonster: 55 }]]),
        team('monster', [['m', { skill: 60, wantsToBeMonster: 1, desiredSkillOfMonster: 0 }]]),
      ],
    };
    expect(run('teams[monster].players.attributes[wantsToBeMonster]', match)).toEqual([1]);
    expect(run('teams[players].players.attributes[wantsToBeMonster]', match)).toEqual([0, 0]);
    expect(run('avg(teams[monster].players.attributes[skill])', match)).toBe(60);
    expect(run('max(teams[players].players.attributes[desiredSkillOfMonster])', match)).toBe(55);
  });

  it('03 three-team game: the flattened characters are one string list per player', () => {
    const match: MatchView = {
      teams: [
        team('trio_1', [['a', { character: ['medic'] }]], 'trio'),
        team('trio_2', [['b', { character: ['peasant'] }], ['c', { character: ['medic'] }]], 'trio'),
      ],
    };
    expect(run('flatten(teams[*].players.attributes[character])', match)).toEqual([['medic'], ['peasant'], ['medic']]);
  });

  it('04 multi-map: acceptable maps of every player', () => {
    const match: MatchView = { teams: [team('red', [['a', { acceptableMaps: ['x', 'y'] }]]), team('blue', [['b', { acceptableMaps: ['y'] }]])] };
    expect(run('flatten(teams[*].players.attributes[acceptableMaps])', match)).toEqual([['x', 'y'], ['y']]);
  });

  it('05 preferred characters: the opponents every player accepts', () => {
    const match: MatchView = {
      teams: [
        team('red', [
          ['a', { myCharacter: ['orc'], preferredOpponents: ['elf', 'orc', 'dwarf'] }],
          ['b', { myCharacter: ['elf'], preferredOpponents: ['orc', 'elf'] }],
        ]),
      ],
    };
    expect(run('flatten(teams[*].players.attributes[myCharacter])', match)).toEqual([['orc'], ['elf']]);
    expect(run('set_intersection(flatten(teams[*].players.attributes[preferredOpponents]))', match)).toEqual(['elf', 'orc']);
  });

  it('06 and 10: string and number attributes of every player, flattened', () => {
    const match: MatchView = {
      teams: [team('red', [['a', { map: 'castle', league: 3, skill: 10 }]]), team('blue', [['b', { map: 'dock', league: 5, skill: 25 }]])],
    };
    expect(run('flatten(teams[*].players.attributes[map])', match)).toEqual(['castle', 'dock']);
    expect(run('max(flatten(teams[*].players.attributes[league]))', match)).toBe(5);
    expect(run('min(flatten(teams[*].players.attributes[league]))', match)).toBe(3);
    expect(run('max(flatten(teams[*].players.attributes[skill]))', match)).toBe(25);
  });

  it('11 block list: block lists per player and every player id', () => {
    const match: MatchView = {
      teams: [team('red', [['a', { BlockList: ['c'] }]]), team('blue', [['b', { BlockList: [] }], ['c', { BlockList: ['x'] }]])],
    };
    expect(run('flatten(teams[*].players.attributes[BlockList])', match)).toEqual([['c'], [], ['x']]);
    expect(run('flatten(teams[*].players[playerId])', match)).toEqual(['a', 'b', 'c']);
  });
});

describe('helpers for the rule engine', () => {
  it('collectNumbers gathers numbers at any depth and skips the rest', () => {
    expect(collectNumbers([[1, null, 'x'], 2, [[3]]])).toEqual([1, 2, 3]);
    expect(collectNumbers(null)).toEqual([]);
    expect(collectNumbers(run('teams[red]'))).toEqual([]);
  });

  it('collectScalars gathers numbers and strings at any depth', () => {
    expect(collectScalars([['a', 1], null, [[2, 'b']]])).toEqual(['a', 1, 2, 'b']);
    expect(collectScalars('medic')).toEqual(['medic']);
  });

  it('asStringList turns a string into a list of one and gathers strings deep', () => {
    expect(asStringList('medic')).toEqual(['medic']);
    expect(asStringList([['a'], ['b', 3]])).toEqual(['a', 'b']);
  });

  it('asCollections: a string list is one collection, a list of string lists is them', () => {
    expect(asCollections(['a', 'b'])).toEqual([['a', 'b']]);
    expect(asCollections([['a'], ['b', 'c']])).toEqual([['a'], ['b', 'c']]);
    expect(asCollections('a')).toEqual([['a']]);
    expect(asCollections([])).toEqual([]);
  });

  it('asCollections flattens deeper nesting down to string lists', () => {
    expect(asCollections([[['a'], ['b']], [['c']]])).toEqual([['a'], ['b'], ['c']]);
    expect(asCollections([['a'], 'b', []])).toEqual([['a'], ['b'], []]);
    expect(asCollections(run('flatten(teams[*].players.attributes[gameMode])'))).toHaveLength(5);
  });
});
