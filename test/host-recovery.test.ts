/**
 * A headless host is never locked out of its own lobby: `peermatch host`
 * keeps its state and token by default (a state file in its working
 * directory), a host that lost its token gets the lobby back with the
 * operator's recovery token (`peermatch lobby-token`), and its log says what
 * it does, one line each (tickets in, matches formed, players gone).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../src/cli/main.ts';
import type { RunningLobbyHost } from '../src/host/host-runtime.ts';
import { runHostCommand } from '../src/host/node-host.ts';
import { runLobbyTokenCommand } from '../src/server/lobby-token-command.ts';
import { startServer, type RunningServer } from '../src/server/main.ts';
import { RawPlayer } from './e2e/pages/host-raw-player.ts';
import { duelRuleSet } from './support/duel-rule-set.ts';

let dir: string;
let server: RunningServer;
const players: RawPlayer[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'peermatch-recovery-'));
  server = await startServer({ port: 0, staticDir: null, stateFile: join(dir, 'server-state.json') });
});

afterEach(async () => {
  for (const player of players.splice(0)) player.close();
  await server.close();
  await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
});

function captured(): { out: string[]; err: string[]; io: CliIo } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { stdout: (line) => out.push(line), stderr: (line) => err.push(line), readTextFile: async () => duelRuleSet() },
  };
}

/** Runs `peermatch host` (working directory `dir`) until `during` settles; answers its exit code and output. */
async function hostWhile(extra: string[], during: (host: RunningLobbyHost) => Promise<void> = async () => undefined) {
  const run = captured();
  let stop!: () => void;
  const until = new Promise<void>((resolve) => (stop = resolve));
  let failure: unknown;
  const code = await runHostCommand(['--server', server.url, '--lobby', 'arena', '--ruleset', 'duel.json', '--tick-interval', '50', ...extra], run.io, {
    until,
    cwd: dir,
    onStarted: (host) => {
      host.registered
        .then(() => during(host))
        .catch((error: unknown) => (failure = error))
        .finally(stop);
    },
  });
  if (failure && !(failure as Error).name?.startsWith('LOBBY_')) throw failure;
  return { code, ...run };
}

async function player(): Promise<RawPlayer> {
  const joined = new RawPlayer(server.relayUrl, 'arena');
  players.push(joined);
  await joined.connect();
  return joined;
}

describe('peermatch host keeps its lobby', () => {
  it('keeps its state and token in .peermatch/host-NAME.json by default, so a restart gets its own lobby back', async () => {
    const first = await hostWhile([]);
    expect(first.code).toBe(0);
    expect(existsSync(join(dir, '.peermatch', 'host-arena.json'))).toBe(true);
    const second = await hostWhile([]);
    expect(second.err).toEqual([]);
    expect(second.code).toBe(0);
    expect(second.out).toContain('peermatch host: lobby "arena" resumed from .peermatch/host-arena.json');
  });

  it('refuses a host that lost its token, saying how to recover; the operator’s recovery token gives the lobby back', async () => {
    expect((await hostWhile(['--state', 'none'])).code).toBe(0);
    const locked = await hostWhile(['--state', 'none']);
    expect(locked.code).toBe(2);
    expect(locked.err).toContain('peermatch host: lobby "arena": LOBBY_TAKEN: lobby "arena" is registered by another host; register it with its token');
    expect(locked.err.at(-1)).toContain('"peermatch lobby-token --lobby arena" where the server runs');

    const operator = captured();
    expect(await runLobbyTokenCommand(['--lobby', 'arena', '--state-file', join(dir, 'server-state.json')], operator.io, {})).toBe(0);
    const token = operator.out[0]!;
    expect(token).toMatch(/^recover-[A-Za-z0-9_-]{43}$/);

    const recovered = await hostWhile(['--token', token], async () => {
      const joined = await player();
      await joined.ok('startMatchmaking', { PeerId: 'peer-a', Players: [{ PlayerId: 'a' }] });
    });
    expect(recovered.err).toEqual([]);
    expect(recovered.code).toBe(0);
    // The recovered host keeps the token: its next start needs no --token.
    expect((await hostWhile([])).err).toEqual([]);
  });

  it('prints no recovery token for a lobby no host holds, and names a missing state file', async () => {
    const none = captured();
    expect(await runLobbyTokenCommand(['--lobby', 'nobody', '--state-file', join(dir, 'server-state.json')], none.io, {})).toBe(1);
    expect(none.err[0]).toMatch(/^peermatch lobby-token: no host holds lobby "nobody" in .*server-state\.json; a host registering it claims it, no token needed$/);
    const missing = captured();
    expect(await runLobbyTokenCommand(['--lobby', 'arena', '--state-file', join(dir, 'nope.json')], missing.io, {})).toBe(2);
    expect(missing.err[0]).toContain('nope.json: does not exist');
  });
});

describe('peermatch host logs what it does', () => {
  it('prints one line per ticket in, per match formed and placed, and per player gone', async () => {
    const run = await hostWhile(['--state', 'none'], async () => {
      const [a, b] = [await player(), await player()];
      await a.ok('startMatchmaking', { PeerId: 'peer-a', TicketId: 'ticket-a', Players: [{ PlayerId: 'ana' }] });
      await b.ok('startMatchmaking', { PeerId: 'peer-b', TicketId: 'ticket-b', Players: [{ PlayerId: 'bo' }] });
      await b.waitForEvent((event) => JSON.stringify(event).includes('MatchmakingSucceeded'));
      a.close();
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    const lines = run.out.map((line) => line.replace(/^peermatch host: /, ''));
    expect(lines).toContain('ticket ticket-a searching: ana');
    expect(lines).toContain('ticket ticket-b searching: bo');
    expect(lines.filter((line) => /^match \S+ formed: \w+ \[(ana|bo)\] vs \w+ \[(ana|bo)\]$/.test(line))).toHaveLength(1);
    expect(lines.filter((line) => /^match \S+ placed: 2 ticket\(s\), game session \S+$/.test(line))).toHaveLength(1);
    expect(lines.some((line) => /^player\(s\) ana gone \(client \S+ closed its relay connection\)$/.test(line))).toBe(true);
  });
});
