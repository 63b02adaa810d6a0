/**
 * index.html: a player page. Joins a lobby on this server with a
 * PeermatchClient, starts matchmaking, lets the player accept or decline a
 * proposed match, and reports "match ready" only once the WebRTC
 * DataConnections to the game host are open. (The embeddable Lit lobby
 * element comes in the next issue; this page uses the client directly.)
 */
import { PeermatchClient } from '../client/peermatch-client.ts';

const form = document.querySelector<HTMLFormElement>('#join')!;
const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
const status = document.querySelector('#status')!;
const log = document.querySelector('#log')!;
const proposal = document.querySelector<HTMLElement>('#proposal')!;
const cancel = document.querySelector<HTMLButtonElement>('#cancel')!;

const query = new URLSearchParams(location.search);
field('lobby').value = query.get('lobby') ?? field('lobby').value;
field('player').value = query.get('player') ?? localStorage.getItem('peermatch-player') ?? `player-${Math.random().toString(36).slice(2, 8)}`;

let client: PeermatchClient | undefined;
let ticketId: string | undefined;

function say(line: string): void {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()} ${line}`;
  log.prepend(item);
}

function show(text: string): void {
  status.textContent = text;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

async function answer(acceptance: 'ACCEPT' | 'REJECT'): Promise<void> {
  proposal.hidden = true;
  if (!client || !ticketId) return;
  try {
    await client.acceptMatch({ TicketId: ticketId, PlayerIds: [field('player').value], AcceptanceType: acceptance });
    show(acceptance === 'ACCEPT' ? 'Accepted: waiting for the other players.' : 'Declined.');
  } catch (error) {
    show(`Could not answer: ${describeError(error)}`);
  }
}
document.querySelector('#accept')!.addEventListener('click', () => void answer('ACCEPT'));
document.querySelector('#decline')!.addEventListener('click', () => void answer('REJECT'));

cancel.addEventListener('click', async () => {
  if (!client || !ticketId) return;
  try {
    await client.stopMatchmaking({ TicketId: ticketId });
  } catch (error) {
    show(`Could not cancel: ${describeError(error)}`);
  }
});

form.addEventListener('submit', async (submit) => {
  submit.preventDefault();
  const playerId = field('player').value;
  localStorage.setItem('peermatch-player', playerId);
  client?.close();
  client = new PeermatchClient({ serverUrl: location.origin, lobby: field('lobby').value, playerId });
  client.on((event) => {
    switch (event.type) {
      case 'status':
        say(`relay: ${event.status}`);
        return;
      case 'matchmaking-event': {
        const detail = event.event.detail;
        say(detail.type);
        if (detail.type === 'PotentialMatchCreated' && detail.acceptanceRequired) proposal.hidden = false;
        if (detail.type === 'MatchmakingSearching') show('Searching for a match…');
        if (detail.type === 'MatchmakingSucceeded') show('Matched: connecting to the game host…');
        if (detail.type === 'MatchmakingTimedOut' || detail.type === 'MatchmakingCancelled' || detail.type === 'MatchmakingFailed') {
          show(`${detail.type}. Press "Find a match" to try again.`);
          cancel.disabled = true;
        }
        return;
      }
      case 'match-ready':
        show(`Match ready: team ${event.team}, ${event.connections.length} open connection(s) (${event.role}).`);
        cancel.disabled = true;
        return;
      case 'match-failed':
        show(`Could not connect to the match: ${event.reason}`);
        return;
      default:
        return;
    }
  });
  try {
    show('Connecting…');
    const connected = await client.connect();
    const { MatchmakingTicket } = connected.ticket
      ? { MatchmakingTicket: connected.ticket }
      : await client.startMatchmaking({
          Players: [{ PlayerId: playerId, PlayerAttributes: { skill: { N: Number(field('skill').value) } } }],
        });
    ticketId = MatchmakingTicket.TicketId;
    cancel.disabled = false;
    show(`Ticket ${ticketId}: ${MatchmakingTicket.Status}`);
  } catch (error) {
    show(`Could not join: ${describeError(error)}`);
  }
});
