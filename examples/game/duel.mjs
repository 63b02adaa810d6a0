// A 1v1 with the Matchmaker alone, in plain Node: `node duel.mjs`.
import { Matchmaker } from 'peermatch';

const ruleSetBody = JSON.stringify({
  name: 'duel',
  ruleLanguageVersion: '1.0',
  teams: [
    { name: 'red', minPlayers: 1, maxPlayers: 1 },
    { name: 'blue', minPlayers: 1, maxPlayers: 1 },
  ],
});

let now = Date.now();
const mm = new Matchmaker({ now: () => now });   // the core reads no clock of its own
mm.createMatchmakingRuleSet({ Name: 'duel', RuleSetBody: ruleSetBody });
mm.createMatchmakingConfiguration({ Name: 'duel', RuleSetName: 'duel', RequestTimeoutSeconds: 60, AcceptanceRequired: false });
mm.on((event) => {
  if (event.detail.type === 'MatchmakingSucceeded') {
    console.log('matched:', event.detail.gameSessionInfo.players.map((player) => `${player.playerId} (${player.team})`).join(' vs '));
  }
});
mm.startMatchmaking({ ConfigurationName: 'duel', Players: [{ PlayerId: 'ana' }] });
mm.startMatchmaking({ ConfigurationName: 'duel', Players: [{ PlayerId: 'ben' }] });
now += 1000;
mm.tick();   // one cycle: a host calls it on a timer
