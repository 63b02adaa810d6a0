/**
 * The HTTP side of the server on a free loopback port: PeerJS signaling at
 * /peerjs, the built app's files (and no file outside them), origin checks on
 * upgrades, TLS, the health check, and the `serve` command's configuration.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseServerConfig } from '../src/server/config.ts';
import { silentLogger } from '../src/server/logger.ts';
import { startServer } from '../src/server/main.ts';
import type { RunningServer, StartServerOptions } from '../src/server/main.ts';
import { openHost, RelayNodeSocket } from '../src/server/relay-node-socket.ts';
import { createServeCommand } from '../src/server/serve-command.ts';
import type { CliIo } from '../src/cli/main.ts';

let dir: string;
const running: RunningServer[] = [];
const sockets: RelayNodeSocket[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'peermatch-http-'));
  await mkdir(join(dir, 'dist', 'assets'), { recursive: true });
  await writeFile(join(dir, 'dist', 'index.html'), '<!doctype html><title>lobby</title>');
  await writeFile(join(dir, 'dist', 'assets', 'app-1234.js'), 'export const x = 1;');
  await writeFile(join(dir, 'secret.txt'), 'do not serve');
});

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.socket.terminate();
  await Promise.all(running.splice(0).map((server) => server.close()));
  await rm(dir, { recursive: true, force: true });
});

async function serve(options: StartServerOptions = {}): Promise<RunningServer> {
  const server = await startServer({ port: 0, staticDir: join(dir, 'dist'), ...options });
  running.push(server);
  return server;
}

/** A GET with the path sent exactly as written (fetch would normalize `..` away). */
function rawGet(server: RunningServer, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('PeerJS signaling at /peerjs', () => {
  it('hands out peer ids over HTTP', async () => {
    const server = await serve();
    const response = await fetch(`${server.url}/peerjs/peerjs/id`);
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('accepts a PeerJS client WebSocket beside the relay and greets it with OPEN', async () => {
    const server = await serve();
    const peer = await RelayNodeSocket.open(`${server.url.replace('http', 'ws')}/peerjs/peerjs?key=peerjs&id=peer-a&token=tok`);
    sockets.push(peer);
    expect(await peer.next('OPEN')).toEqual({ type: 'OPEN' });
    const { host } = await openHost(server.relayUrl, 'arena');
    sockets.push(host);
  });
});

describe('static files', () => {
  it('serves the built app with the right content types', async () => {
    const server = await serve();
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<title>lobby</title>');
    const script = await fetch(`${server.url}/assets/app-1234.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${server.url}/missing.html`)).status).toBe(404);
  });

  it('refuses paths that climb out of the app directory, plain or percent-encoded', async () => {
    const server = await serve();
    for (const path of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/..%5csecret.txt']) {
      const { status, body } = await rawGet(server, path);
      expect({ path, status }).toEqual({ path, status: 403 });
      expect(body).not.toContain('do not serve');
    }
  });

  it('answers GET /relay without an upgrade with 426, and a health check with the relay counters', async () => {
    const server = await serve();
    expect((await fetch(`${server.url}/relay`)).status).toBe(426);
    const health = await (await fetch(`${server.url}/healthz`)).json();
    expect(health).toEqual({ ok: true, connections: 0, lobbies: 0, hosts: 0, standbys: 0, clients: 0, queued: 0 });
  });
});

describe('origins and TLS', () => {
  it('refuses WebSocket upgrades from an origin that is not allowed, and accepts allowed ones', async () => {
    const server = await serve({ origins: ['https://game.example'] });
    await expect(RelayNodeSocket.open(server.relayUrl, { origin: 'https://evil.example' })).rejects.toThrow(/403/);
    const allowed = await RelayNodeSocket.open(server.relayUrl, { origin: 'https://game.example' });
    sockets.push(allowed);
    allowed.send({ type: 'ping' });
    expect(await allowed.next('pong')).toEqual({ type: 'pong' });
  });

  const openssl = (() => {
    try {
      execFileSync('openssl', ['version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

  it.skipIf(!openssl)('serves HTTPS and WSS with a certificate and key', async () => {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
    const server = await serve({ tls: { cert: await readFile(join(dir, 'cert.pem')), key: await readFile(join(dir, 'key.pem')) } });
    expect(server.url).toMatch(/^https:\/\//);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpsRequest({ host: '127.0.0.1', port: server.port, path: '/healthz', rejectUnauthorized: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
    const socket = await RelayNodeSocket.open(server.relayUrl, { rejectUnauthorized: false });
    sockets.push(socket);
    socket.send({ type: 'ping' });
    expect(await socket.next('pong')).toEqual({ type: 'pong' });
  });
});

describe('configuration', () => {
  it('lets flags override environment variables, which override defaults', () => {
    const result = parseServerConfig(['--port', '9000', '--origins=https://a.example,https://b.example:8443/', '--max-lobbies-per-address=3'], {
      PEERMATCH_PORT: '7000',
      PEERMATCH_HOST: '0.0.0.0',
      PEERMATCH_STATE_FILE: 'none',
      PEERMATCH_MAX_LOBBIES_PER_ADDRESS: '5',
    });
    expect(result).toMatchObject({
      kind: 'config',
      config: { host: '0.0.0.0', port: 9000, origins: ['https://a.example', 'https://b.example:8443'], stateFile: null, tlsCertFile: null, maxLobbiesPerAddress: 3 },
    });
  });

  it('reports every bad setting at once, naming the flag or variable and the value', () => {
    const result = parseServerConfig(['--port', '70000', '--tls-cert', 'c.pem', '--origins', 'game.example/path', '--bogus'], {
      PEERMATCH_MAX_LOBBIES: '-3',
    });
    expect(result).toEqual({
      kind: 'errors',
      errors: [
        'unknown option "--bogus"',
        '--port: expected an integer from 0 to 65535, got "70000"',
        '--tls-key: TLS needs both --tls-cert and --tls-key',
        '--origins: expected origins like https://game.example (scheme, host, optional port), got "game.example/path"',
        'PEERMATCH_MAX_LOBBIES: expected an integer from 1 to 1000000, got "-3"',
      ],
    });
  });

  it('sets any relay limit by name with --limit and PEERMATCH_LIMITS, a flag replacing the variable\'s entry', () => {
    const result = parseServerConfig(['--limit', 'maxClientsPerLobby=20000', '--limit=primarySilenceMs=4000'], {
      PEERMATCH_LIMITS: 'maxStandbysPerLobby=2, primarySilenceMs=9000,violationsForgivenPerSecond=0.5',
    });
    expect(result).toMatchObject({
      kind: 'config',
      config: { limits: { maxClientsPerLobby: 20_000, primarySilenceMs: 4000, maxStandbysPerLobby: 2, violationsForgivenPerSecond: 0.5 } },
    });
  });

  it('refuses a bad --limit entry naming the source, the entry and what a limit must be', () => {
    const result = parseServerConfig(
      ['--limit', 'maxClientPerLobby=5', '--limit', 'joinTimeoutMs=-1', '--limit', 'maxLobbies', '--limit', 'maxFrameBytes=99999999', '--max-lobbies', '3', '--limit', 'maxLobbies=4'],
      { PEERMATCH_LIMITS: 'hostGraceMs=soon' },
    );
    expect(result.kind).toBe('errors');
    const errors = result.kind === 'errors' ? result.errors : [];
    expect(errors).toEqual([
      'PEERMATCH_LIMITS: hostGraceMs: expected a positive number, got "soon"',
      expect.stringMatching(/^--limit: "maxClientPerLobby" is not a relay limit; the limits are maxFrameBytes, .*maxClientsPerLobby, /),
      '--limit: joinTimeoutMs: expected a positive number, got "-1"',
      '--limit: expected NAME=VALUE, e.g. maxClientsPerLobby=20000, got "maxLobbies"',
      expect.stringMatching(/^--limit: limits\.maxFrameBytes: at most MAX_FRAME_BYTES \(\d+\), got 99999999$/),
      '--limit maxLobbies: the same limit as --max-lobbies; give it one way',
    ]);
  });

  it('runs the serve command with a --limit the relay then enforces', async () => {
    const out: string[] = [];
    const io: CliIo = { stdout: (line) => out.push(line), stderr: (line) => out.push(`ERR ${line}`), readTextFile: (path) => readFile(path, 'utf8') };
    const command = createServeCommand({
      env: {},
      logger: silentLogger,
      waitForStop: async (server) => {
        const socket = await RelayNodeSocket.open(server.relayUrl);
        sockets.push(socket);
        socket.send(JSON.stringify({ type: 'ping', padding: 'x'.repeat(2000) }));
        expect(await socket.next('error')).toMatchObject({ code: 'TOO_LARGE', message: expect.stringMatching(/over the limit of 1024 bytes$/) });
        return 'SIGTERM';
      },
    });
    const code = await command.run(['--port', '0', '--state-file', 'none', '--static-dir', join(dir, 'dist'), '--demo-ruleset', 'none', '--limit', 'maxFrameBytes=1024'], io);
    expect(out.filter((line) => line.startsWith('ERR'))).toEqual([]);
    expect(code).toBe(0);
  });

  it('runs the serve command: prints the URLs of the pages it serves and only those, then stops cleanly when told', async () => {
    const out: string[] = [];
    const io: CliIo = { stdout: (line) => out.push(line), stderr: (line) => out.push(`ERR ${line}`), readTextFile: (path) => readFile(path, 'utf8') };
    let url = '';
    const command = createServeCommand({
      env: {},
      logger: silentLogger,
      waitForStop: async (server) => {
        url = server.url;
        expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
        return 'SIGTERM';
      },
    });
    const code = await command.run(['--port', '0', '--state-file', 'none', '--lobby', 'friday', '--static-dir', join(dir, 'dist'), '--demo-ruleset', 'none'], io);
    expect(code).toBe(0);
    // This folder has an index.html and no host.html: no host console URL that would answer 404.
    expect(out).toContain(`  player lobby:  ${url}/?lobby=friday`);
    expect(out.filter((line) => line.includes('host console'))).toEqual([]);
    expect(out.at(-1)).toBe('peermatch server: stopped');
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it('refuses a --static-dir that is not a directory, naming the value, before starting', async () => {
    const out: string[] = [];
    const io: CliIo = { stdout: (line) => out.push(line), stderr: (line) => out.push(`ERR ${line}`), readTextFile: (path) => readFile(path, 'utf8') };
    const command = createServeCommand({ env: {}, logger: silentLogger, waitForStop: async () => 'SIGTERM' });

    const code = await command.run(['--port', '0', '--state-file', 'none', '--static-dir', join(dir, 'no-such-folder')], io);

    expect(code).toBe(2);
    expect(out[0]).toBe(`ERR peermatch serve: --static-dir: expected a directory of files to serve, got "${join(dir, 'no-such-folder')}" (no such directory)`);
  });
});
