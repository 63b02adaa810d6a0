/**
 * The TURN credentials `peermatch serve` issues, checked against the real
 * coturn (`use-auth-secret`): an Allocate with an issued credential gets a
 * relay; an expired, altered or wrongly keyed one is refused with 401.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IceCredentialIssuer, turnRestCredential } from '../src/server/ice-credentials.ts';
import { freePort, hasCoturn, startCoturn, type RunningCoturn } from './support/coturn.ts';
import { prerequisite } from './support/prerequisites.ts';
import { turnAllocate } from './support/turn-allocate.ts';

const SECRET = 'peermatch-test-secret-0123456789';

describe('the TURN REST credential scheme', () => {
  it('names the expiry and the identity in the username and signs it with HMAC-SHA1 of the secret', () => {
    // Computed independently: printf '%s' 1433894400:alice | openssl dgst -sha1 -hmac north -binary | base64
    const credential = turnRestCredential('north', 'alice', 1_433_894_400);
    expect(credential.username).toBe('1433894400:alice');
    expect(credential.credential).toBe('8PcB5BgLu8NW3xAZcPt3wna+NwU=');
  });

  it('issues STUN URLs without credentials and TURN URLs with credentials expiring after the lifetime', () => {
    const issuer = new IceCredentialIssuer({ stunUrls: ['stun:198.51.100.1:3478'], turnUrls: ['turn:198.51.100.1:3478'], turnSecret: SECRET, turnTtlSeconds: 600 }, () => 1_000_000_500);
    const ice = issuer.issue('c-1');
    expect(ice.iceServers[0]).toEqual({ urls: ['stun:198.51.100.1:3478'] });
    expect(ice.iceServers[1]!.username).toBe('1000600:c-1');
    expect(ice.expiresAtMs).toBe(1_000_600_000);
  });

  it('refuses TURN URLs without a secret', () => {
    expect(() => new IceCredentialIssuer({ stunUrls: [], turnUrls: ['turn:198.51.100.1'], turnSecret: null })).toThrow(/shared secret/);
  });
});

describe.skipIf(!prerequisite(hasCoturn(), 'coturn (turnserver)'))('credentials against the real coturn', () => {
  let coturn: RunningCoturn;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    coturn = await startCoturn({ ip: '127.0.0.1', port, secret: SECRET, minPort: 49500, maxPort: 49600 });
    // coturn has logged its listeners; wait until it answers on the socket too.
    for (let i = 0; i < 50; i++) {
      if (await turnAllocate('127.0.0.1', port, 'probe', 'probe', 300).then(() => true, () => false)) break;
    }
  }, 30_000);
  afterAll(async () => {
    await coturn?.stop();
  });

  it('gives a relay to a credential the server issued', async () => {
    const ice = new IceCredentialIssuer({ stunUrls: [], turnUrls: [`turn:127.0.0.1:${port}`], turnSecret: SECRET, turnTtlSeconds: 600 }).issue('client-1');
    const turn = ice.iceServers[0]!;
    const outcome = await turnAllocate('127.0.0.1', port, turn.username!, turn.credential!);
    expect(outcome.kind).toBe('allocated');
    expect(outcome.kind === 'allocated' && outcome.relayedAddress).toMatch(/^127\.0\.0\.1:49[56]\d\d$/);
  });

  it('refuses an expired credential with 401', async () => {
    const expired = turnRestCredential(SECRET, 'client-2', Math.floor(Date.now() / 1000) - 60);
    expect(await turnAllocate('127.0.0.1', port, expired.username, expired.credential)).toMatchObject({ kind: 'refused', code: 401 });
  });

  it('refuses a credential whose username was altered (a later expiry) with 401', async () => {
    const issued = turnRestCredential(SECRET, 'client-3', Math.floor(Date.now() / 1000) + 600);
    const longer = issued.username.replace(/^\d+/, String(Math.floor(Date.now() / 1000) + 86_400 * 365));
    expect(await turnAllocate('127.0.0.1', port, longer, issued.credential)).toMatchObject({ kind: 'refused', code: 401 });
  });

  it('refuses a credential signed with another secret with 401', async () => {
    const forged = turnRestCredential('not-the-coturn-secret-000000', 'client-4', Math.floor(Date.now() / 1000) + 600);
    expect(await turnAllocate('127.0.0.1', port, forged.username, forged.credential)).toMatchObject({ kind: 'refused', code: 401 });
  });
});
