/**
 * `explainMatchmaking` (a peermatch extension): why a ticket is not matched
 * yet, at `now()`. A SEARCHING ticket is explained by the engine
 * (src/core/engine/explain-ticket.ts) against the same pool and rule set a
 * tick would use; every other status gets a sentence from the ticket and its
 * match. Reads state only: no event, no random number, no change.
 */
import { assertNever } from '../assert-never.ts';
import type { EngineExplanation, ExpansionOutlook } from '../engine/explain-result.ts';
import { explainTicket } from '../engine/explain-ticket.ts';
import type { CompiledRuleSet } from '../ruleset/types.ts';
import { withReservedSlots } from './backfill.ts';
import type { ConfigurationRecord } from './configurations.ts';
import type { MatchmakerContext } from './context.ts';
import { searchingPool } from './cycle.ts';
import { invalidRequest, notFound, show } from './errors.ts';
import type {
  BlockingRule,
  ClosestCandidate,
  ExplainMatchmakingInput,
  ExplainMatchmakingOutput,
  NextExpansion,
  TicketExplanation,
} from './explain-types.ts';
import { newPlayersOf } from './matches.ts';
import type { TicketRecord } from './tickets.ts';

/** Explains one ticket; `InvalidRequestException` for a bad `TicketId`, `NotFoundException` for an unknown one. */
export function explainMatchmaking(ctx: MatchmakerContext, input: ExplainMatchmakingInput): ExplainMatchmakingOutput {
  const id: unknown = input?.TicketId;
  if (typeof id !== 'string' || id === '') throw invalidRequest(`TicketId: expected a ticket id, got ${show(id)}`);
  const ticket = ctx.tickets.get(id);
  if (!ticket) throw notFound(`TicketId: no matchmaking ticket ${show(id)}`);
  const nowMs = ctx.now();
  const base = {
    TicketId: ticket.ticketId,
    Status: ticket.status,
    ConfigurationName: ticket.configurationName,
    WaitSeconds: round(((ticket.endTimeMs ?? nowMs) - ticket.startTimeMs) / 1000),
  };
  return { Explanation: { ...base, ...explainStatus(ctx, ticket, nowMs) } };
}

type StatusPart = Omit<TicketExplanation, 'TicketId' | 'Status' | 'ConfigurationName' | 'WaitSeconds'>;

function explainStatus(ctx: MatchmakerContext, ticket: TicketRecord, nowMs: number): StatusPart {
  switch (ticket.status) {
    case 'QUEUED':
      return { Summary: 'The ticket is QUEUED: it enters the search at the next tick.' };
    case 'SEARCHING':
      return explainSearching(ctx, ticket, nowMs);
    case 'REQUIRES_ACCEPTANCE':
      return explainAcceptance(ctx, ticket, nowMs);
    case 'PLACING':
      return { Summary: `Match ${ticket.matchId ?? '?'} is being placed: the game session is being set up.` };
    case 'COMPLETED': {
      const arn = ticket.connection?.GameSessionArn;
      return { Summary: `Matched in match ${ticket.matchId ?? '?'}${arn ? `, placed in game session ${arn}` : ''}.` };
    }
    case 'FAILED':
    case 'CANCELLED':
    case 'TIMED_OUT': {
      const why = [ticket.statusReason, ticket.statusMessage].filter((part) => part !== undefined).join(': ');
      return { Summary: `The ticket ended ${ticket.status}${why ? ` (${why})` : ''}; it is no longer matched.` };
    }
    default:
      return assertNever(ticket.status, 'explanation');
  }
}

function explainAcceptance(ctx: MatchmakerContext, ticket: TicketRecord, nowMs: number): StatusPart {
  const match = ticket.matchId !== undefined ? ctx.matches.get(ticket.matchId) : undefined;
  if (!match) return { Summary: 'The ticket is in a proposed match awaiting acceptance.' };
  const waiting = match.ticketIds.flatMap((id) => newPlayersOf(match, id)).filter((playerId) => match.acceptances[playerId] !== true);
  const left = match.acceptanceDeadlineMs !== undefined ? ` (${round(Math.max(0, match.acceptanceDeadlineMs - nowMs) / 1000)} s left)` : '';
  const ruleSet = ruleSetFor(ctx, ticket);
  const candidate: ClosestCandidate = {
    TicketIds: [...match.ticketIds],
    PlayerCount: match.teams.reduce((sum, team) => sum + team.players.length, 0),
    MinPlayers: ruleSet ? ruleSet.teams.reduce((sum, team) => sum + team.minPlayers, 0) : 0,
    Teams: match.teams.map((team) => ({ Name: team.name, PlayerIds: team.players.map((player) => player.playerId) })),
  };
  return {
    Summary: `Proposed match ${match.matchId} is waiting for ${plural(waiting.length, 'player')} ${waiting.join(', ')} to accept${left}.`,
    ClosestCandidate: candidate,
  };
}

function explainSearching(ctx: MatchmakerContext, ticket: TicketRecord, nowMs: number): StatusPart {
  const config = ctx.configurations.get('ConfigurationName', ticket.configurationName);
  const full = ctx.ruleSets.get('RuleSetName', config.RuleSetName).compiled;
  const ruleSet = !ticket.backfill && config.AdditionalPlayerCount > 0 ? withReservedSlots(full, config.AdditionalPlayerCount) : full;
  const explained = explainTicket(ruleSet, { pool: searchingPool(ctx, config, full), ticketId: ticket.ticketId, nowMs });
  if (!explained) {
    return { Summary: "The ticket's players no longer fit the configuration's rule set; it waits until its request timeout." };
  }
  return fromEngine(explained, ruleSet, config);
}

/** The engine's answer in the SDK-style shape, with its summary sentence. */
function fromEngine(explained: EngineExplanation, ruleSet: CompiledRuleSet, config: ConfigurationRecord): StatusPart {
  const { candidate } = explained;
  const closest: ClosestCandidate = {
    TicketIds: candidate.ticketIds,
    PlayerCount: candidate.playerCount,
    MinPlayers: candidate.minPlayers,
    Teams: candidate.teams.map((team) => ({ Name: team.name, PlayerIds: team.playerIds })),
  };
  switch (explained.kind) {
    case 'ready':
      return {
        Summary: `A match of ${plural(candidate.playerCount, 'player')} is possible now (tickets ${candidate.ticketIds.join(', ')}); it forms at the next tick.`,
        ClosestCandidate: closest,
      };
    case 'short': {
      const outlook = sdkOutlook(explained);
      const sentence = `${candidateSentence(candidate.playerCount, candidate.minPlayers)}; the pool of "${config.Name}" is ${plural(explained.missingPlayers, 'player')} short of the smallest match.`;
      return { Summary: `${sentence} ${expansionSentence(outlook, 'lowers the minimum enough')}`, ClosestCandidate: closest, MissingPlayers: explained.missingPlayers, ...outlook };
    }
    case 'blocked': {
      const { blocker } = explained;
      const outlook = sdkOutlook(explained);
      const gap = blocker.gap !== undefined ? ` (off by ${round(blocker.gap)})` : '';
      const what = blocker.phase === 'addition' ? `adding ticket ${blocker.refusedTicketId}` : 'it';
      const who = blocker.type === 'teams' ? 'team sizes refuse' : `rule "${blocker.rule}" (${blocker.type}) refuses`;
      const opening =
        blocker.phase === 'alone' ? 'This ticket cannot be placed even by itself' : candidateSentence(candidate.playerCount, candidate.minPlayers);
      const rule = ruleSet.rules.find((candidateRule) => candidateRule.name === blocker.rule);
      const blocking: BlockingRule | undefined =
        rule === undefined
          ? undefined
          : {
              Name: rule.name,
              Type: rule.type,
              Reason: blocker.reason,
              ...(blocker.gap !== undefined ? { Gap: round(blocker.gap) } : {}),
              ...(blocker.refusedTicketId !== undefined ? { RefusedTicketId: blocker.refusedTicketId } : {}),
            };
      return {
        Summary: `${opening}; ${who} ${what}: ${blocker.reason}${gap}. ${expansionSentence(outlook, 'lifts it')}`,
        ClosestCandidate: closest,
        ...(blocking ? { BlockingRule: blocking } : {}),
        ...outlook,
      };
    }
    default:
      return assertNever(explained, 'explanation');
  }
}

function sdkOutlook(explained: { nextExpansion?: ExpansionOutlook; liftingExpansion?: ExpansionOutlook }) {
  const out: { NextExpansion?: NextExpansion; LiftingExpansion?: NextExpansion } = {};
  if (explained.nextExpansion) out.NextExpansion = sdkStep(explained.nextExpansion);
  if (explained.liftingExpansion) out.LiftingExpansion = sdkStep(explained.liftingExpansion);
  return out;
}

function sdkStep(step: ExpansionOutlook): NextExpansion {
  return { Target: step.target, Value: step.value, AtWaitSeconds: step.atWaitSeconds, InSeconds: round(step.inSeconds), Lifts: step.lifts };
}

function candidateSentence(players: number, minPlayers: number): string {
  return players < minPlayers
    ? `Closest match has ${players} of ${minPlayers} players`
    : `Closest match has ${plural(players, 'player')} (${minPlayers} needed)`;
}

/** `Expansion of rules[X].maxDistance to 50 at 5 s wait (in 3 s) lifts it.` and its variants. */
function expansionSentence(outlook: { NextExpansion?: NextExpansion; LiftingExpansion?: NextExpansion }, effect: string): string {
  const step = (s: NextExpansion) => `to ${String(s.Value)} at ${s.AtWaitSeconds} s wait (${s.InSeconds > 0 ? `in ${s.InSeconds} s` : 'due at the next tick'})`;
  const next = outlook.NextExpansion;
  if (!next) return 'No expansion step is left that changes this.';
  if (next.Lifts) return `Expansion of ${next.Target} ${step(next)} ${effect}.`;
  const lifting = outlook.LiftingExpansion;
  if (lifting) return `Expansion of ${next.Target} ${step(next)} is not enough; ${lifting.Target} ${step(lifting)} ${effect}.`;
  return `Expansion of ${next.Target} ${step(next)} is not enough, nor is any later step.`;
}

function ruleSetFor(ctx: MatchmakerContext, ticket: TicketRecord): CompiledRuleSet | undefined {
  try {
    const config = ctx.configurations.get('ConfigurationName', ticket.configurationName);
    return ctx.ruleSets.get('RuleSetName', config.RuleSetName).compiled;
  } catch {
    return undefined; // the configuration was deleted after the ticket ended
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

