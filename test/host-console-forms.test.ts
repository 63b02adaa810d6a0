import { describe, expect, it } from 'vitest';
import { checkConfigForm, DEFAULT_CONFIG_FORM, parseIntegerField } from '../src/elements/host-console/config-form.ts';
import { jsonErrorWhere, readSimulationForm, simulatedConfiguration, simulationFormValues } from '../src/elements/host-console/simulation-form.ts';
import { offsetOf, placeIssue, placeIssues } from '../src/elements/host-console/rule-set-diagnostics.ts';
import { validateRuleSet } from '../src/core/ruleset/validate.ts';

describe('the console configuration form', () => {
  it('gives the host runtime defaults as a configuration', () => {
    expect(checkConfigForm(DEFAULT_CONFIG_FORM)).toEqual({
      ok: true,
      configuration: { Name: 'peermatch', RequestTimeoutSeconds: 300, AcceptanceRequired: false, AdditionalPlayerCount: 0 },
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

describe('the simulator population form', () => {
  const population = {
    arrivalsPerMinute: 30,
    durationMinutes: 60,
    attributes: { skill: { kind: 'normal' as const, mean: 50, sd: 10 } },
    acceptRate: 0.9,
  };

  it('reads back the population it was filled from', () => {
    const values = simulationFormValues(population, 7);
    expect(readSimulationForm(values, population)).toEqual({ ok: true, population, seed: 7 });
  });

  it('reports JSON syntax errors with their line and column, and numbers out of range', () => {
    const values = { ...simulationFormValues(population), attributes: '{\n  "skill": {,\n}', arrivalsPerMinute: '-3', partySizes: '{}' };
    const result = readSimulationForm(values);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.arrivalsPerMinute).toBe('Arrivals per minute: -3 is outside 0.001 to 100000');
    expect(result.errors.attributes).toMatch(/^Attributes: .*line 2, column 13/);
    expect(result.errors.partySizes).toBe('Party sizes: expected a JSON array');
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
