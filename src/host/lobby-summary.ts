/**
 * `describeLobby`: what a lobby runs (its configuration and rule set) and how
 * full it is (players searching now), read from the host's Matchmaker. The
 * lobby page shows it; the host console shows the configuration and rule set
 * a restored lobby really runs.
 */
import type * as Sdk from '../core/matchmaker/types.ts';
import { compileRuleSet } from '../core/ruleset/compile.ts';
import type { DescribeLobbyOutput } from '../net/protocol.ts';
import { awsError, show } from '../core/matchmaker/errors.ts';

type Op<I, O> = (input: I) => O | Promise<O>;

/** The Matchmaker calls the summary reads (the core `Matchmaker` and a `RemoteMatchmaker` both fit). */
export interface LobbySummarySource {
  describeMatchmakingConfigurations: Op<Sdk.DescribeMatchmakingConfigurationsInput, Sdk.DescribeMatchmakingConfigurationsOutput>;
  describeMatchmakingRuleSets: Op<Sdk.DescribeMatchmakingRuleSetsInput, Sdk.DescribeMatchmakingRuleSetsOutput>;
  listTickets: Op<Sdk.ListTicketsInput, Sdk.ListTicketsOutput>;
}

/** The configuration a lobby runs and its rule set, as the Matchmaker holds them. */
export interface LobbySetup {
  configuration: Sdk.MatchmakingConfiguration;
  ruleSet: Sdk.MatchmakingRuleSet;
}

/** The configuration named `configurationName` and its rule set; `NotFoundException` when either is missing. */
export async function lobbySetup(source: LobbySummarySource, configurationName: string): Promise<LobbySetup> {
  const { Configurations } = await source.describeMatchmakingConfigurations({ Names: [configurationName] });
  const configuration = Configurations[0];
  if (configuration === undefined) throw awsError('NotFoundException', `ConfigurationName: this lobby has no configuration ${show(configurationName)}`);
  const { RuleSets } = await source.describeMatchmakingRuleSets({ Names: [configuration.RuleSetName] });
  const ruleSet = RuleSets[0];
  if (ruleSet === undefined) throw awsError('NotFoundException', `RuleSetName: this lobby has no rule set ${show(configuration.RuleSetName)}`);
  return { configuration, ruleSet };
}

/** Reads `describeLobby` answers, compiling each rule set once. */
export class LobbySummary {
  private compiled: { body: string; min: number; max: number; largestTeam: number } | undefined;

  constructor(
    private readonly source: LobbySummarySource,
    private readonly configurationName: string,
  ) {}

  /** The answer to a client's `describeLobby`. */
  async describe(): Promise<DescribeLobbyOutput> {
    const { configuration, ruleSet } = await lobbySetup(this.source, this.configurationName);
    const size = this.matchSize(ruleSet.RuleSetBody);
    const { TicketList } = await this.source.listTickets({ ConfigurationName: configuration.Name, Statuses: ['QUEUED', 'SEARCHING'] });
    return {
      ConfigurationName: configuration.Name,
      RuleSetName: ruleSet.RuleSetName,
      MinPlayersPerMatch: size.min,
      MaxPlayersPerMatch: size.max,
      MaxPlayersPerTeam: size.largestTeam,
      PlayersWaiting: TicketList.reduce((sum, ticket) => sum + ticket.Players.length, 0),
      AcceptanceRequired: configuration.AcceptanceRequired,
    };
  }

  private matchSize(body: string): { min: number; max: number; largestTeam: number } {
    if (this.compiled?.body !== body) {
      const teams = compileRuleSet(body).ruleSet?.teams ?? [];
      this.compiled = {
        body,
        min: teams.reduce((sum, team) => sum + team.minPlayers, 0),
        max: teams.reduce((sum, team) => sum + team.maxPlayers, 0),
        largestTeam: teams.reduce((most, team) => Math.max(most, team.maxPlayers), 0),
      };
    }
    return this.compiled;
  }
}
