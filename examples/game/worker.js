// The Matchmaker in a Web Worker, from the installed package: a 1v1 formed off the main thread.
import { createMatchmakerWorker } from 'peermatch/worker';

const result = document.querySelector('#result');
const mm = createMatchmakerWorker({ tickIntervalMs: 100 });
const ruleSetBody = JSON.stringify({
  name: 'duel',
  ruleLanguageVersion: '1.0',
  teams: [
    { name: 'red', minPlayers: 1, maxPlayers: 1 },
    { name: 'blue', minPlayers: 1, maxPlayers: 1 },
  ],
});
mm.on((event) => {
  if (event.detail.type === 'MatchmakingSucceeded') result.textContent = `matched ${event.detail.tickets.length} tickets`;
});
await mm.createMatchmakingRuleSet({ Name: 'duel', RuleSetBody: ruleSetBody });
await mm.createMatchmakingConfiguration({ Name: 'duel', RuleSetName: 'duel', RequestTimeoutSeconds: 60, AcceptanceRequired: false });
await mm.startMatchmaking({ ConfigurationName: 'duel', Players: [{ PlayerId: 'ana' }] });
await mm.startMatchmaking({ ConfigurationName: 'duel', Players: [{ PlayerId: 'ben' }] });
