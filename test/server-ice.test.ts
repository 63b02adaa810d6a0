/**
 * The server hands each joined client its ICE servers: STUN URLs, TURN URLs
 * with credentials of this client's own identity, renewed before they
 * expire, never written to the log; and the `serve` flags that configure it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseIceConfig } from '../src/net/ice-config.ts';
import { parseServerToClient } from '../src/net/protocol.ts';
import { parseServerConfig } from '../src/server/config.ts';
import type { Logger } from '../src/server/logger.ts';
import { startServer, type RunningServer } from '../src/server/main.ts';
import { openClient, openHost, type RelayNodeSocket } from '../src/server/relay-node-socket.ts';

const SECRET = 'peermatch-test-secret-0123456789';
const running: RunningServer[] = [];
const sockets: RelayNodeSocket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.socket.terminate();
  await Promise.all(running.splice(0).map((server) => server.close()));
});

function recordingLogger(lines: string[]): Logger {
  const record = (message: string, fields?: object) => lines.push(`${message} ${JSON.stringify(fields ?? {})}`);
  return { info: record, warn: record, error: record };
}

describe('ICE servers in the join answer', () => {
  it('gives each joined client STUN URLs and TURN credentials of its own identity, renews them, and never logs them', async () => {
    const lines: string[] = [];
    const server = await startServer({
      port: 0,
      staticDir: null,
      logger: recordingLogger(lines),
      ice: { stunUrls: ['stun:192.0.2.1:3478'], turnUrls: ['turn:192.0.2.1:3478?transport=udp'], turnSecret: SECRET, turnTtlSeconds: 600, renewIntervalMs: 300 },
    });
    running.push(server);
    const { host } = await openHost(server.relayUrl, 'arena');
    sockets.push(host);
    const { client, clientId, joined } = await openClient(server.relayUrl, 'arena');
    sockets.push(client);

    const ice = parseIceConfig(joined.ice, 'joined.ice');
    if (typeof ice === 'string') throw new Error(ice);
    expect(ice.iceServers[0]).toEqual({ urls: ['stun:192.0.2.1:3478'] });
    const turn = ice.iceServers[1]!;
    expect(turn.urls).toEqual(['turn:192.0.2.1:3478?transport=udp']);
    expect(turn.username).toMatch(new RegExp(`^\\d+:${clientId}$`));
    const expiresAtSeconds = Number(turn.username!.split(':')[0]);
    expect(expiresAtSeconds * 1000).toBe(ice.expiresAtMs);
    expect(Math.abs(expiresAtSeconds - (Date.now() / 1000 + 600))).toBeLessThan(30);

    const renewed = await client.next('ice');
    const renewedIce = parseIceConfig(renewed.ice, 'ice.ice');
    if (typeof renewedIce === 'string') throw new Error(renewedIce);
    expect(renewedIce.iceServers[1]!.username).toMatch(new RegExp(`:${clientId}$`));

    const log = lines.join('\n');
    expect(log).toContain('client joined');
    expect(log).not.toContain(turn.credential!);
    expect(log).not.toContain(SECRET);
  });

  it('sends no ICE servers when the server has none', async () => {
    const server = await startServer({ port: 0, staticDir: null });
    running.push(server);
    sockets.push((await openHost(server.relayUrl, 'arena')).host);
    const { client, joined } = await openClient(server.relayUrl, 'arena');
    sockets.push(client);
    expect(joined.ice).toBeUndefined();
  });
});

describe('the serve flags for STUN and TURN', () => {
  it('reads STUN and TURN URLs and the secret from the environment', () => {
    const parsed = parseServerConfig(['--stun-urls', 'stun:turn.example:3478', '--turn-urls', 'turn:turn.example:3478?transport=udp,turns:turn.example:5349', '--turn-ttl', '3600'], {
      PEERMATCH_TURN_SECRET: SECRET,
    });
    expect(parsed).toMatchObject({
      kind: 'config',
      config: { ice: { stunUrls: ['stun:turn.example:3478'], turnUrls: ['turn:turn.example:3478?transport=udp', 'turns:turn.example:5349'], turnSecret: { value: SECRET }, turnTtlSeconds: 3600 } },
    });
  });

  it('names the flag and the value of every problem: a TURN URL as STUN, TURN without a secret, a short secret', () => {
    const parsed = parseServerConfig(['--stun-urls', 'turn:x.example', '--turn-urls', 'https://x.example'], { PEERMATCH_TURN_SECRET: 'short' });
    expect(parsed.kind).toBe('errors');
    const errors = parsed.kind === 'errors' ? parsed.errors : [];
    expect(errors).toContain('--stun-urls: expected stun: or stuns: URLs like stun:turn.example:3478, got "turn:x.example"');
    expect(errors).toContain('--turn-urls: expected turn: or turns: URLs like turn:turn.example:3478?transport=udp, got "https://x.example"');
    expect(errors).toContain('PEERMATCH_TURN_SECRET: expected at least 16 characters, got 5');
    expect(parseServerConfig(['--turn-urls', 'turn:x.example'], {})).toEqual({
      kind: 'errors',
      errors: ["--turn-urls: TURN needs coturn's shared secret (--turn-secret-file or PEERMATCH_TURN_SECRET)"],
    });
  });
});

describe('the ICE configuration on the wire', () => {
  it('accepts an ice frame and refuses a joined frame whose ICE server URL is not STUN or TURN, naming the path', () => {
    const ice = { iceServers: [{ urls: ['turn:192.0.2.1:3478?transport=udp'], username: '1:c-1', credential: 'x' }], expiresAtMs: 1000 };
    expect(parseServerToClient({ type: 'ice', ice })).toEqual({ type: 'ice', ice });
    const joined = { type: 'joined', lobby: 'arena', clientId: 'c-1', resumeToken: 'a'.repeat(43), resumed: false, hostAvailable: true };
    const refused = parseServerToClient({ ...joined, ice: { iceServers: [{ urls: ['javascript:alert(1)'] }] } });
    expect(refused).toMatchObject({ code: 'MALFORMED', message: 'joined.ice.iceServers[0].urls[0]: expected a stun:, stuns:, turn: or turns: URL, got "javascript:alert(1)"' });
  });
});
