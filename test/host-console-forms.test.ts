import { describe, expect, it } from 'vitest';
import { checkConfigForm, configFormValuesOf, DEFAULT_CONFIG_FORM, parseIntegerField } from '../src/elements/host-console/config-form.ts';
import { placeIssue as placePopulationIssue, refusalProblems, reviewPopulation } from '../src/elements/host-console/population-issues.ts';
import {
  jsonErrorWhere,
  readSimulationForm,
  simulatedConfiguration,
  simulationConfigValues,
  simulationFormValues,
} from '../src/elements/host-console/simulation-form.ts';
import type { PopulationSpec } from '../src/sim/types.ts';
import { offsetOf, placeIssue, placeIssues } from '../src/elements/host-console/rule-set-diagnostics.ts';
import { validateRuleSet } from '../src/core/ruleset/validate.ts';

describe('the console configuration form', () => {
  it('gives the host runtime defaults as a configuration, ticking every second', () => {
    expect(checkConfigForm(DEFAULT_CONFIG_FORM)).toEqual({
      ok: true,
      configuration: { Name: 'peermatch', RequestTimeoutSeconds: 300, AcceptanceRequired: false, AdditionalPlayerCount: 0 },
      tickIntervalMs: 1000,
    });
  });

  it('names a tick interval outside 50 to 60000 milliseconds', () => {
    expect(checkConfigForm({ ...DEFAULT_CONFIG_FORM, tickIntervalMs: '10' })).toEqual({
      ok: false,
      errors: { tickIntervalMs: 'Tick interval: 10 is outside 50 to 60000' },
    });
    expect(checkConfigForm({ ...DEFAULT_CONFIG_FORM, tickIntervalMs: '250' })).toMatchObject({ ok: true, tickIntervalMs: 250 });
  });

  it('shows a restored lobby\'s configuration as form values, with its tick interval', () => {
    const values = configFormValuesOf(
      {
        Name: 'duel-config',
        ConfigurationArn: 'arn',
        GameSessionQueueArns: [],
        RequestTimeoutSeconds: 120,
        AcceptanceRequired: true,
        AcceptanceTimeoutSeconds: 20,
        RuleSetName: 'duel-config-rules',
        RuleSetArn: 'arn',
        AdditionalPlayerCount: 0,
        CreationTime: new Date(0),
        GameProperties: [],
        BackfillMode: 'MANUAL',
        FlexMatchMode: 'STANDALONE',
      },
      100,
    );
    expect(values).toEqual({
      name: 'duel-config',
      requestTimeoutSeconds: '120',
      acceptanceRequired: true,
      acceptanceTimeoutSeconds: '20',
      backfillMode: 'MANUAL',
      additionalPlayerCount: '0',
      tickIntervalMs: '100',
    });
  });

  it('includes the acceptance timeout only when acceptance is required, and the backfill mode only when chosen', () => {
    const result = checkConfigForm({ ...DEFAULT_CONFIG_FORM, acceptanceRequired: true, acceptanceTimeoutSeconds: '45', backfillMode: 'AUTOMATIC' });
    expect(result).toMatchObject({ ok: true, configuration: { AcceptanceRequired: true, AcceptanceTimeoutSeconds: 45, BackfillMode: 'AUTOMATIC' } });
    const without = checkConfigForm({ ...DEFAULT_CONFIG_FORM, acceptanceTimeoutSeconds: 'garbage' });
    expect(without.ok && 'AcceptanceTimeoutSeconds' in without.configuration).toBe(false);
  });

  it('names every bad input with the value typed and the allowed range', () => {
    const result = checkConfigForm({
      ...DEFAULT_CONFIG_FORM,
      name: 'my config!',
      requestTimeoutSeconds: '0',
      acceptanceRequired: true,
      acceptanceTimeoutSeconds: '1.5',
      additionalPlayerCount: '',
    });
    expect(result).toEqual({
      ok: false,
      errors: {
        name: 'Name: "my config!" must be 1 to 128 characters of letters, digits, "-" and "."',
        requestTimeoutSeconds: 'Request timeout: 0 is outside 1 to 43200',
        acceptanceTimeoutSeconds: 'Acceptance timeout: "1.5" is not a whole number (1 to 600)',
        additionalPlayerCount: 'Additional players: required (an integer from 0 to 10000)',
      },
    });
  });

  it('reads integers with surrounding spaces', () => {
    expect(parseIntegerField('X', ' 42 ', 1, 100)).toBe(42);
    expect(parseIntegerField('X', '101', 1, 100)).toBe('X: 101 is outside 1 to 100');
  });
});

describe('rule-set issues placed in the text', () => {
  const text = '{\n  "name": "x",\n  "rules": [ { "maxDistance": "near" } ]\n}';

  it('turns a 1-based line and column into an offset, clamped into the text', () => {
    expect(offsetOf(text, 1, 1)).toBe(0);
    expect(offsetOf(text, 2, 3)).toBe(text.indexOf('"name"'));
    expect(offsetOf(text, 2, 500)).toBe(text.indexOf('\n', 2));
    expect(offsetOf(text, 99, 1)).toBe(text.length);
  });

  it('marks the token at the issue: a whole quoted string', () => {
    const column = text.split('\n')[2]!.indexOf('"near"') + 1;
    const placed = placeIssue(text, { path: 'rules[0].maxDistance', message: 'expected a number', line: 3, column }, 'error');
    expect(text.slice(placed.from, placed.to)).toBe('"near"');
    expect(placed).toMatchObject({ line: 3, column, severity: 'error' });
  });

  it('places a real validation error on the line of the bad value', () => {
    const body = JSON.stringify(
      {
        name: 'duel',
        ruleLanguageVersion: '1.0',
        playerAttributes: [{ name: 'skill', type: 'number' }],
        teams: [{ name: 'red', minPlayers: 1, maxPlayers: 1 }],
        rules: [{ name: 'R', type: 'distance', measurements: ['avg(teams[red].players.attributes[skill])'], referenceValue: 10, maxDistance: 'near' }],
      },
      null,
      2,
    );
    const placed = placeIssues(body, validateRuleSet(body));
    const badLine = body.split('\n').findIndex((line) => line.includes('"near"')) + 1;
    expect(placed.some((issue) => issue.severity === 'error' && issue.line === badLine)).toBe(true);
  });
});

describe('the simulator form', () => {
  const population: PopulationSpec = {
    arrivalsPerMinute: 30,
    durationMinutes: 60,
    partySizes: [
      { size: 1, weight: 3 },
      { size: 2, weight: 1 },
    ],
    attributes: { skill: { kind: 'normal' as const, mean: 50, sd: 10 } },
    latencyJitter: 0.1,
    acceptRate: 0.9,
    acceptDelaySeconds: 4,
  };
  const configuration = { RequestTimeoutSeconds: 120, AcceptanceRequired: true, AcceptanceTimeoutSeconds: 20 };

  it('reads back the population, seed and configuration it was filled from, party sizes and acceptance included', () => {
    const values = simulationFormValues(population, 7, configuration);
    expect(values.partySizes).toEqual([
      { size: '1', weight: '3' },
      { size: '2', weight: '1' },
    ]);
    expect(values).toMatchObject({ acceptRate: '0.9', acceptDelaySeconds: '4', latencyJitter: '0.1', acceptanceRequired: true, acceptanceTimeoutSeconds: '20' });
    expect(readSimulationForm(values)).toEqual({ ok: true, population, seed: 7, configuration });
  });

  it('leaves empty optional inputs out, so the simulator defaults apply, and no party sizes means solo players', () => {
    const values = { ...simulationFormValues(population), partySizes: [], acceptRate: ' ', acceptDelaySeconds: '', latencyJitter: '' };
    const result = readSimulationForm(values);
    expect(result.ok && result.population).toEqual({ arrivalsPerMinute: 30, durationMinutes: 60, attributes: population.attributes });
    expect(result.ok && result.configuration).toEqual({ RequestTimeoutSeconds: 300 });
  });

  it('names every bad input with the value typed and the range allowed', () => {
    const values = {
      ...simulationFormValues(population, 1, configuration),
      attributes: '{\n  "skill": {,\n}',
      arrivalsPerMinute: '-3',
      regions: '{}',
      partySizes: [
        { size: '0', weight: '1' },
        { size: '2', weight: '0' },
        { size: '1.5', weight: 'x' },
      ],
      acceptRate: '1.5',
      acceptDelaySeconds: '-1',
      latencyJitter: '1',
      requestTimeoutSeconds: '0',
      acceptanceTimeoutSeconds: '601',
    };
    const result = readSimulationForm(values);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toMatchObject({
      arrivalsPerMinute: 'Arrivals per minute: -3 is outside 0.001 to 100000',
      regions: 'Regions: expected a JSON array',
      'partySizes[0].size': 'Party 1 size: 0 is outside 1 to 100',
      'partySizes[1].weight': 'Party 2 weight: 0 must be greater than 0',
      'partySizes[2].size': 'Party 3 size: "1.5" is not a whole number (1 to 100)',
      'partySizes[2].weight': 'Party 3 weight: "x" is not a number',
      acceptRate: 'Accept rate: 1.5 is outside 0 to 1',
      acceptDelaySeconds: 'Answer delay: -1 is outside 0 to 86400',
      latencyJitter: 'Latency jitter: 1 must be less than 1',
      requestTimeoutSeconds: 'Request timeout: 0 is outside 1 to 43200',
      acceptanceTimeoutSeconds: 'Acceptance timeout: 601 is outside 1 to 600',
    });
    expect(result.errors.attributes).toMatch(/^Attributes: .*line 2, column 13/);
    expect(result.errors['partySizes[0].weight']).toBeUndefined();
  });

  it('ignores the acceptance timeout when acceptance is not required', () => {
    const values = { ...simulationFormValues(population), acceptanceRequired: false, acceptanceTimeoutSeconds: 'soon' };
    expect(readSimulationForm(values).ok).toBe(true);
  });

  it('fills the configuration inputs from a configuration, 30 s acceptance by default', () => {
    expect(simulationConfigValues({ RequestTimeoutSeconds: 60 })).toEqual({ requestTimeoutSeconds: '60', acceptanceRequired: false, acceptanceTimeoutSeconds: '30' });
  });

  it('adds line and column to an engine message that only gives a position', () => {
    expect(jsonErrorWhere('{\n  x', new SyntaxError('Unexpected token x in JSON at position 4'))).toBe(
      'Unexpected token x in JSON at position 4 (line 2, column 3)',
    );
  });

  it('takes the console configuration fields the simulator uses', () => {
    expect(simulatedConfiguration(undefined)).toEqual({ RequestTimeoutSeconds: 300 });
    expect(simulatedConfiguration({ RequestTimeoutSeconds: 60, AcceptanceRequired: true, AcceptanceTimeoutSeconds: 20, BackfillMode: 'MANUAL' })).toEqual({
      RequestTimeoutSeconds: 60,
      AcceptanceRequired: true,
      AcceptanceTimeoutSeconds: 20,
    });
  });
});

describe('the simulator population checked against the rule set', () => {
  const ruleSet = JSON.stringify({
    name: 'duel',
    ruleLanguageVersion: '1.0',
    playerAttributes: [{ name: 'skill', type: 'number' }],
    teams: [
      { name: 'red', minPlayers: 1, maxPlayers: 1 },
      { name: 'blue', minPlayers: 1, maxPlayers: 1 },
    ],
  });
  const base: PopulationSpec = { arrivalsPerMinute: 10, durationMinutes: 5, attributes: { skill: { kind: 'normal', mean: 50, sd: 10 } } };

  it('gives validatePopulation\'s problems word for word, each on the input of its path', () => {
    const population = {
      ...base,
      partySizes: [{ size: 2, weight: 1 }],
      attributes: { skill: { kind: 'choice', values: [{ value: 'high', weight: 1 }] } },
      regions: [{ name: 'eu', weight: 0, latencyMs: { eu: 20 } }],
    } as PopulationSpec;
    const review = reviewPopulation(population, ruleSet);
    expect(review).toEqual({
      kind: 'checked',
      errors: [
        {
          text: 'population.attributes["skill"].values[0].value: expected a number value, got "high"',
          path: 'population.attributes["skill"].values[0].value',
          key: 'attributes',
        },
        { text: 'population.regions[0].weight: expected a weight > 0, got 0', path: 'population.regions[0].weight', key: 'regions' },
      ],
      warnings: [],
    });
  });

  it('places party-size problems on their row and input, and a missing attribute on the attributes', () => {
    expect(placePopulationIssue('population.partySizes[3].weight: expected a weight > 0, got -1')).toEqual({
      text: 'population.partySizes[3].weight: expected a weight > 0, got -1',
      path: 'population.partySizes[3].weight',
      key: 'partySizes[3].weight',
    });
    const review = reviewPopulation({ ...base, attributes: {} }, ruleSet);
    expect(review.kind === 'checked' && review.errors.map((issue) => [issue.key, issue.text])).toEqual([
      ['attributes', 'population.attributes: the rule set\'s attribute "skill" (number) has no default, so the population must draw it'],
    ]);
    expect(placePopulationIssue('population: 1000 arrivals per minute for 2000 minutes is about 2000000 tickets; at most 1000000 per run')).toEqual({
      text: 'population: 1000 arrivals per minute for 2000 minutes is about 2000000 tickets; at most 1000000 per run',
      path: 'population',
    });
  });

  it('keeps attributes the rule set does not declare as warnings', () => {
    const review = reviewPopulation({ ...base, attributes: { ...base.attributes, mood: { kind: 'constant', value: 'calm' } } }, ruleSet);
    expect(review.kind === 'checked' && review.warnings.map((issue) => issue.key)).toEqual(['attributes']);
    expect(review.kind === 'checked' && review.errors).toEqual([]);
  });

  it('reports a rule set that does not compile with its errors at their lines', () => {
    const review = reviewPopulation(base, '{\n  "ruleLanguageVersion": "1.0",\n  "teams": []\n}');
    expect(review.kind).toBe('rule-set-invalid');
    expect(review.kind === 'rule-set-invalid' && review.errors.length).toBeGreaterThan(0);
  });

  it('splits a refused run\'s message into its problems, keeping a rule set\'s own list whole', () => {
    expect(refusalProblems('population.arrivalsPerMinute: expected a number > 0, got -2; population.attributes["skill"].sd: expected a number ≥ 0, got -1')).toEqual([
      'population.arrivalsPerMinute: expected a number > 0, got -2',
      'population.attributes["skill"].sd: expected a number ≥ 0, got -1',
    ]);
    expect(refusalProblems('ruleSetBody: 2 errors: rules[0].a: x; rules[1].b: y')).toEqual(['ruleSetBody: 2 errors: rules[0].a: x; rules[1].b: y']);
  });
});
