import {
  CreateMatchmakingConfigurationCommand, CreateMatchmakingRuleSetCommand, DescribeMatchmakingCommand,
  NotFoundException, StartMatchmakingCommand, StopMatchmakingCommand,
} from '@aws-sdk/client-gamelift';
import { GameLiftClient, Matchmaker } from 'peermatch';

// was: const gamelift = new GameLiftClient({ region: 'us-west-2' });   (GameLiftClient from '@aws-sdk/client-gamelift')
const matchmaker = new Matchmaker({ now: () => Date.now() });     // or a Worker / Node thread Matchmaker
const gamelift = new GameLiftClient({ matchmaker });               // or { client: peermatchClient }: a lobby over the relay

const RuleSetBody = JSON.stringify({
  name: 'duel', ruleLanguageVersion: '1.0',
  teams: [{ name: 'red', minPlayers: 1, maxPlayers: 1 }, { name: 'blue', minPlayers: 1, maxPlayers: 1 }],
});
await gamelift.send(new CreateMatchmakingRuleSetCommand({ Name: 'duel', RuleSetBody }));
await gamelift.send(new CreateMatchmakingConfigurationCommand({
  Name: 'duel', RuleSetName: 'duel', RequestTimeoutSeconds: 60, AcceptanceRequired: false,
}));

const { MatchmakingTicket } = await gamelift.send(new StartMatchmakingCommand({ ConfigurationName: 'duel', Players: [{ PlayerId: 'ana' }] }));
const { TicketList, $metadata } = await gamelift.send(new DescribeMatchmakingCommand({ TicketIds: [MatchmakingTicket!.TicketId!] }));
console.log(TicketList![0]!.Status, $metadata.httpStatusCode);   // QUEUED 200
try {
  await gamelift.send(new StopMatchmakingCommand({ TicketId: 'no-such-ticket' }));
} catch (error) {
  if (error instanceof NotFoundException) console.log(error.name, error.$fault);   // NotFoundException client
}
