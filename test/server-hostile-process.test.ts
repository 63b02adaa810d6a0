/**
 * The frames that used to crash `peermatch serve`, sent to the real command
 * in its own process: a request nesting 5,000 deep (and 100,000), the same
 * through a host's to-client message and while the host is away, and a 10 MB
 * frame. The process never exits, answers each refusal naming the request,
 * and still forwards a sound request afterwards.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openClient, openHost } from '../src/server/relay-node-socket.ts';
import type { ReceivedFrame, RelayNodeSocket } from '../src/server/relay-node-socket.ts';

const BIN = fileURLToPath(new URL('../bin/peermatch.js', import.meta.url));
let child: ChildProcess | undefined;
const sockets: RelayNodeSocket[] = [];

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.socket.terminate();
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = undefined;
});

/** Starts `peermatch serve` on a free port; resolves with its relay URL once it prints it. */
function serve(): Promise<string> {
  const process_ = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--state-file', 'none', '--static-dir', fileURLToPath(new URL('.', import.meta.url))], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = process_;
  return new Promise((resolve, reject) => {
    let out = '';
    process_.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /ticket relay:\s+(ws:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    process_.once('exit', (code) => reject(new Error(`peermatch serve exited with ${code}: ${out}`)));
  });
}

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const answerTo = (requestId: string) => (frame: ReceivedFrame) => frame.requestId === requestId && (frame.type === 'response' || frame.type === 'error');

describe('peermatch serve under hostile frames', { timeout: 60_000 }, () => {
  it('stays up through deep nesting from a client and a host, a deep request queued for an absent host and a 10 MB frame', async () => {
    const relayUrl = await serve();
    const { host, token } = await openHost(relayUrl, 'arena');
    sockets.push(host);
    const { client } = await openClient(relayUrl, 'arena');
    sockets.push(client);
    const joined = await host.next('client-joined');

    for (const depth of [5_000, 100_000]) {
      client.send(`{"type":"request","requestId":"deep-${depth}","op":"startMatchmaking","input":{"Players":${nested(depth)}}}`);
      expect(await client.next(answerTo(`deep-${depth}`), 10_000)).toMatchObject({ type: 'error', code: 'TOO_LARGE' });
    }
    host.send(`{"type":"to-client","clientId":"${String(joined.clientId)}","message":{"type":"response","requestId":"x","ok":true,"value":${nested(5_000)}}}`);
    expect(await host.next('error', 10_000)).toMatchObject({ code: 'TOO_LARGE' });

    host.socket.terminate();
    await client.next((f) => f.type === 'host-status' && f.available === false, 10_000);
    client.send(`{"type":"request","requestId":"queued-deep","op":"startMatchmaking","input":{"Players":${nested(5_000)}}}`);
    expect(await client.next(answerTo('queued-deep'), 10_000)).toMatchObject({ code: 'TOO_LARGE' });
    client.send({ type: 'request', requestId: 'queued-ok', op: 'stopMatchmaking', input: { TicketId: 't1' } });
    const back = await openHost(relayUrl, 'arena', token);
    sockets.push(back.host);
    expect(await back.host.next('from-client', 10_000)).toMatchObject({ message: { requestId: 'queued-ok' } });

    client.send(`{"type":"ping","x":"${'x'.repeat(10 * 1024 * 1024)}"}`);
    expect(await client.next('error', 10_000)).toMatchObject({ code: 'TOO_LARGE' });
    expect((await client.closed).code).toBe(1009);

    const { client: later } = await openClient(relayUrl, 'arena');
    sockets.push(later);
    later.send({ type: 'request', requestId: 'sound', op: 'stopMatchmaking', input: { TicketId: 't2' } });
    expect(await back.host.next((f) => f.type === 'from-client' && (f.message as { requestId: string }).requestId === 'sound', 10_000)).toBeTruthy();
    expect(child!.exitCode).toBeNull();
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child!.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
