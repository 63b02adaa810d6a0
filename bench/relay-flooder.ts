/**
 * The flood run's attacker, in its own process (as a real one would be: its
 * own CPU work is not on the server's event loop): from `address`, joins the
 * lobby, sends `blast` requests at once, reconnects at once when closed, and
 * retries every 5 ms when refused. Prints `ready` once started, and its
 * counts as one JSON line when its stdin closes.
 *
 * Usage: node bin/run-ts.js bench/relay-flooder.ts RELAY_URL ADDRESS LOBBY BLAST
 */
import { RelayNodeSocket } from '../src/server/relay-node-socket.ts';

const [relayUrl, address, lobby, blastText] = process.argv.slice(2);
const blast = Number(blastText);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const stats = { attempts: 0, refused: 0, admitted: 0, sent: 0, clientIds: [] as string[] };
let stopped = false;
let current: RelayNodeSocket | undefined;
let counter = 0;

process.stdin.on('data', () => undefined);
process.stdin.on('end', () => {
  stopped = true;
  current?.socket.terminate();
});

const request = () => {
  const k = counter++;
  return { type: 'request', requestId: `f${k}`, op: 'startMatchmaking', input: { ConfigurationName: 'duel-config', Players: [{ PlayerId: `f-${address}-${k}`, PlayerAttributes: { skill: { N: 1 } } }] } };
};

console.log('ready');
while (!stopped) {
  stats.attempts++;
  let socket: RelayNodeSocket;
  try {
    socket = await RelayNodeSocket.open(relayUrl!, { localAddress: address });
  } catch {
    stats.refused++;
    await sleep(5);
    continue;
  }
  current = socket;
  stats.admitted++;
  socket.onFrame = (frame) => {
    if (frame.type === 'joined') stats.clientIds.push(frame.clientId as string);
    return true;
  };
  socket.send({ type: 'join', lobby });
  for (let k = 0; k < blast && socket.socket.readyState === socket.socket.OPEN; k++) {
    socket.send(request());
    stats.sent++;
  }
  await socket.closed;
}
console.log(JSON.stringify(stats));
