import { readFileSync } from 'node:fs';
import { seededRandom } from '../src/core/engine/random.ts';
import { Matchmaker, type Player } from '../src/core/matchmaker/index.ts';
const file = process.argv[2] ?? '01-aliens-vs-cowboys.jsonc';
const body = readFileSync(new URL(`../examples/rulesets/${file}`, import.meta.url), 'utf8');
for (let r=0;r<2;r++){
const random = seededRandom(11);
const players: Player[] = file.startsWith('08') ? Array.from({ length: 10000 }, (_, i) => ({ PlayerId: `p${i}`, PlayerAttributes: { 'monster-kills': { N: Math.floor(20 * random()) } }, LatencyInMs: { 'us-east-1': 20 + Math.floor(100 * random()), 'eu-west-1': 20 + Math.floor(100 * random()) } }))
 : Array.from({ length: 10000 }, (_, i) => ({ PlayerId: `p${i}`, PlayerAttributes: { skill: { N: Math.floor(random() * 1000) } } }));
const clock={nowMs:0};
const m = new Matchmaker({ now: () => clock.nowMs, random: seededRandom(3), ticketRetentionSeconds: 3600 });
m.createMatchmakingRuleSet({ Name: 'bench', RuleSetBody: body });
m.createMatchmakingConfiguration({ Name: 'bench', RuleSetName: 'bench', RequestTimeoutSeconds: 3600, AcceptanceRequired: false });
let matched=0; m.on((e)=>{ if (e.detail.type==='MatchmakingSucceeded') matched+=e.detail.tickets.length; });
const t0=performance.now();
players.forEach((p,i)=>m.startMatchmaking({ConfigurationName:'bench',TicketId:`t${i}`,Players:[p]}));
const t1=performance.now(); let ticks=0, last=0;
while (matched < 0.95*players.length && clock.nowMs-last<=120000){ clock.nowMs+=1000; const b=matched; m.tick(); ticks++; if(matched>b) last=clock.nowMs; }
const t2=performance.now();
console.log(file, 'ingest', (t1-t0).toFixed(0),'ticks',ticks,(t2-t1).toFixed(0),'ms; tickets/s', Math.round(matched/(t2-t0)*1000));
}
