import { describe, expect, it } from 'vitest';
import { compiledDistance, compiledNumbers } from '../src/core/engine/compiled-operand.ts';
import { DraftMatch } from '../src/core/engine/draft-match.ts';
import { PreparedTicket } from '../src/core/engine/prepared-ticket.ts';
import { seededRandom } from '../src/core/engine/random.ts';
import { checkRule, type RuleSubject } from '../src/core/engine/rule-checks.ts';
import type { PoolTicket } from '../src/core/engine/types.ts';
import { collectNumbers, evaluateExpression } from '../src/core/expression/evaluate.ts';
import { compileRuleSet } from '../src/core/ruleset/compile.ts';
import type { CompiledRuleSet, Operand, Rule } from '../src/core/ruleset/types.ts';

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const REDUCERS = ['min', 'max', 'avg', 'median', 'sum', 'stddev', 'count'];

/** A random team selector over `teamNames` (instance or definition names, `*`, lists, unknown names). */
function selector(random: Random, names: string[]): string {
  const roll = random();
  if (roll < 0.4) return '*';
  if (roll < 0.75) return pick(random, names);
  if (roll < 0.95) return `${pick(random, names)},${pick(random, names)}`;
  return 'nobody';
}

/** A random numeric measurement: mostly the compiled shapes, some the interpreter alone answers. */
function measurement(random: Random, names: string[]): string {
  const teams = `teams[${selector(random, names)}]`;
  const attribute = `${teams}.players.attributes[${pick(random, ['skill', 'level', 'skill'])}]`;
  switch (Math.floor(random() * 7)) {
    case 0:
      return `${pick(random, REDUCERS)}(${attribute})`;
    case 1:
      return `${pick(random, REDUCERS)}(flatten(${attribute}))`;
    case 2:
      return `flatten(${attribute})`;
    case 3:
      return `count(${teams}.players)`;
    case 4:
      return `${pick(random, ['avg', 'max'])}(${pick(random, ['avg', 'min'])}(${attribute}))`;
    case 5:
      return attribute;
    default:
      return `${pick(random, REDUCERS)}(${attribute})`;
  }
}

function randomRuleSet(random: Random): CompiledRuleSet | undefined {
  const definitions = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, i) => ({
    name: `t${i}`,
    minPlayers: 1,
    maxPlayers: 4,
    quantity: random() < 0.3 ? 2 : 1,
  }));
  const names = definitions.flatMap((d) => (d.quantity === 1 ? [d.name] : [d.name, `${d.name}_1`, `${d.name}_2`]));
  const rules = Array.from({ length: 1 + Math.floor(random() * 2) }, (_, i) => {
    const reference = random() < 0.5 ? { referenceValue: measurement(random, names) } : {};
    const partyAggregation = pick(random, ['avg', 'min', 'max']);
    return random() < 0.6
      ? { name: `r${i}`, type: 'distance', measurements: [measurement(random, names)], ...reference, partyAggregation, maxDistance: Math.floor(random() * 60), ...(random() < 0.3 ? { minDistance: 5 } : {}) }
      : { name: `r${i}`, type: 'comparison', measurements: [measurement(random, names)], ...reference, partyAggregation, operation: pick(random, ['<', '<=', '=', '!=', '>', '>=']) };
  });
  const body = {
    name: 'random',
    ruleLanguageVersion: '1.0',
    playerAttributes: [
      { name: 'skill', type: 'number', default: 10 },
      { name: 'level', type: 'number' },
      { name: 'mode', type: 'string', default: 'x' },
    ],
    teams: definitions,
    rules,
  };
  return compileRuleSet(body).ruleSet;
}

/** A random draft of `ruleSet`: parties of 1-3 players, some without `level`, some a backfill with seated players. */
function randomDraft(random: Random, ruleSet: CompiledRuleSet, id: number): DraftMatch {
  const player = (key: string) => ({
    playerId: key,
    attributes: {
      // Mostly integers; some fractions, whose sums across teams must not be regrouped.
      skill: random() < 0.8 ? Math.floor(random() * 100) : random() * 100,
      ...(random() < 0.8 ? { level: Math.floor(random() * 10) } : {}),
      mode: 'x',
    },
  });
  let backfill: PreparedTicket | undefined;
  if (random() < 0.2) {
    const seated = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, i) => ({ ...player(`s${id}-${i}`), team: pick(random, ruleSet.teams).name }));
    backfill = new PreparedTicket({ ticketId: `b${id}`, createdAtMs: 0, players: [], backfill: { gameSessionArn: 'arn', players: seated } }, ruleSet);
  }
  const draft = new DraftMatch(ruleSet, backfill);
  // Half the drafts keep running figures from the start, so additions and removals go through them.
  if (random() < 0.5) {
    for (const aggregation of ['avg', 'min', 'max'] as const) {
      for (const attribute of ['skill', 'level', undefined]) draft.teamStats(aggregation, attribute);
    }
  }
  const steps = Math.floor(random() * 9);
  for (let t = 0; t < steps; t++) {
    const roll = random();
    if (roll < 0.2 && draft.ticketCount > 0) {
      draft.removeLast();
      continue;
    }
    if (roll < 0.25 && draft.ticketCount > 1) {
      draft.swapTeams(0, draft.ticketCount - 1);
      continue;
    }
    const pool: PoolTicket = {
      ticketId: `p${id}-${t}`,
      createdAtMs: t,
      players: Array.from({ length: 1 + Math.floor(random() * 3) }, (_, i) => player(`p${id}-${t}-${i}`)),
    };
    draft.add(new PreparedTicket(pool, ruleSet), Math.floor(random() * ruleSet.teams.length));
  }
  return draft;
}

/** The same draft seen only through views, so every check goes through the interpreter. */
function interpreted(draft: DraftMatch): RuleSubject {
  return { view: (aggregation) => draft.view(aggregation), tickets: draft.tickets, sessionRegions: draft.sessionRegions };
}

function operandsOf(rule: Rule): Operand[] {
  if (rule.type !== 'distance' && rule.type !== 'comparison') return [];
  return rule.referenceValue ? [...rule.measurements, rule.referenceValue] : rule.measurements;
}

describe('compiled rule checks', () => {
  // A property test of 10,000 cases: its own time limit, so a loaded machine does not fail it.
  it('agree with the interpreter on 10,000 random (rule set, pool) pairs', { timeout: 60_000 }, () => {
    const random = seededRandom(9);
    let pairs = 0;
    let compiledOperands = 0;
    let fallbacks = 0;
    let compiledDistances = 0;
    while (pairs < 10_000) {
      const ruleSet = randomRuleSet(random);
      if (!ruleSet) continue;
      const rules = new Map(ruleSet.rules.map((rule) => [rule.name, rule]));
      for (let p = 0; p < 10; p++, pairs++) {
        const draft = randomDraft(random, ruleSet, pairs);
        for (const rule of ruleSet.rules) {
          for (const phase of ['partial', 'complete'] as const) {
            const compiled = checkRule(rule, draft, rules, phase);
            const reference = checkRule(rule, interpreted(draft), rules, phase);
            expect(compiled).toEqual(reference);
            // A failure's reason may be written only when read (DistanceFailure): compare it as read.
            expect([compiled.pass, compiled.reason, compiled.gap]).toEqual([reference.pass, reference.reason, reference.gap]);
          }
          if (rule.type === 'distance' && compiledDistance(rule, draft, { count: 0, widest: 0, narrowest: 0 })) compiledDistances++;
          const aggregation = 'partyAggregation' in rule ? rule.partyAggregation : 'avg';
          for (const operand of operandsOf(rule)) {
            const fast = compiledNumbers(operand, draft, aggregation);
            if (fast === undefined) {
              fallbacks++;
              continue;
            }
            compiledOperands++;
            const slow = operand.kind === 'expression' ? collectNumbers(evaluateExpression(operand.expr, draft.view(aggregation))) : [];
            expect(fast).toEqual(slow);
          }
        }
      }
    }
    expect(pairs).toBeGreaterThanOrEqual(10_000);
    // Most operands take the compiled path; the rest (nested aggregations) fall back to the interpreter.
    expect(compiledOperands).toBeGreaterThan(3 * fallbacks);
    expect(fallbacks).toBeGreaterThan(0);
    // Distance rules of a reduced measurement against a reduced reference are judged from the figures alone.
    expect(compiledDistances).toBeGreaterThan(500);
  });
});
