/**
 * The relay's budgets that outlive a connection, on an injected clock: the
 * block after abusive closes grows 1 s, 2 s, 4 s ... up to its cap and is
 * forgotten after a quiet spell; connection attempts, address frames and
 * lobby creations are budgets per address; an identity keeps its bucket.
 */
import { describe, expect, it } from 'vitest';
import { AbuseLimits, addressKey } from '../src/server/abuse-limits.ts';
import { resolveLimits } from '../src/server/relay-limits.ts';

function limitsAt(overrides: Parameters<typeof resolveLimits>[0] = {}) {
  let nowMs = 1_000_000;
  const clock = { advance: (ms: number) => (nowMs += ms) };
  const abuse = new AbuseLimits(resolveLimits(overrides), () => nowMs);
  return { abuse, clock };
}

describe('AbuseLimits', () => {
  it('blocks an address 1 s, 2 s, 4 s ... after each abusive close, up to the cap, and says for how long', () => {
    const { abuse, clock } = limitsAt({ maxBlockMs: 10_000 });
    const blocks: number[] = [];
    for (let k = 0; k < 6; k++) {
      blocks.push(abuse.strike('10.0.0.1'));
      const refused = abuse.admit('10.0.0.1');
      expect(refused).toMatchObject({ ok: false, retryAfterMs: blocks[k], reason: `10.0.0.1 was closed for abuse ${k + 1} time(s) in a row` });
      clock.advance(blocks[k]!);
      expect(abuse.admit('10.0.0.1')).toEqual({ ok: true });
    }
    expect(blocks).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
    expect(abuse.admit('10.0.0.2')).toEqual({ ok: true });
  });

  it('cuts a blocked address at the TCP level only after it was told once (429), and not after the block', () => {
    const { abuse, clock } = limitsAt();
    abuse.strike('10.0.0.1');
    expect(abuse.cutsEarly('10.0.0.1')).toBe(false);
    expect(abuse.admit('10.0.0.1').ok).toBe(false);
    expect(abuse.cutsEarly('10.0.0.1')).toBe(true);
    expect(abuse.cutsEarly('10.0.0.2')).toBe(false);
    clock.advance(1_000);
    expect(abuse.cutsEarly('10.0.0.1')).toBe(false);
    abuse.strike('10.0.0.1');
    expect(abuse.cutsEarly('10.0.0.1')).toBe(false);
  });

  it('starts again at 1 s once an address stayed quiet longer than the cap', () => {
    const { abuse, clock } = limitsAt({ maxBlockMs: 10_000 });
    abuse.strike('10.0.0.1');
    clock.advance(1_000);
    expect(abuse.strike('10.0.0.1')).toBe(2_000);
    clock.advance(10_001);
    expect(abuse.strike('10.0.0.1')).toBe(1_000);
  });

  it('refuses connection attempts beyond the burst until the rate refills it', () => {
    const { abuse, clock } = limitsAt({ connectBurstPerAddress: 3, connectsPerSecondPerAddress: 2 });
    expect([1, 2, 3, 4].map(() => abuse.admit('10.0.0.1').ok)).toEqual([true, true, true, false]);
    expect(abuse.admit('10.0.0.1')).toMatchObject({ ok: false, retryAfterMs: 500, reason: 'more than 2 connections per second from 10.0.0.1' });
    clock.advance(500);
    expect(abuse.admit('10.0.0.1').ok).toBe(true);
  });

  it('gives an identity the same bucket every time, and other identities their own', () => {
    const { abuse } = limitsAt({ clientFrameBurst: 2, clientFramesPerSecond: 1 });
    const bucket = abuse.identityBucket('arena', 'c1');
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false]);
    expect(abuse.identityBucket('arena', 'c1').take()).toBe(false);
    expect(abuse.identityBucket('arena', 'c2').take()).toBe(true);
    expect(abuse.identityBucket('other', 'c1').take()).toBe(true);
  });

  it('forgets rested addresses and identities on sweep, but keeps an address struck within the last block cap', () => {
    const { abuse, clock } = limitsAt({ maxBlockMs: 5_000 });
    abuse.admit('10.0.0.1');
    abuse.strike('10.0.0.2');
    abuse.identityBucket('arena', 'c1').take();
    clock.advance(4_000);
    abuse.sweep();
    expect(abuse.tracked).toEqual({ addresses: 1, identities: 0 });
    clock.advance(2_000);
    abuse.sweep();
    expect(abuse.tracked).toEqual({ addresses: 0, identities: 0 });
  });

  it('limits lobby creations and frames per address', () => {
    const { abuse } = limitsAt({ lobbyCreationBurstPerAddress: 2, addressFrameBurst: 3 });
    expect([1, 2, 3].map(() => abuse.takeLobbyCreation('10.0.0.1'))).toEqual([true, true, false]);
    expect([1, 2, 3, 4].map(() => abuse.takeAddressFrame('10.0.0.1'))).toEqual([true, true, true, false]);
    expect(abuse.takeAddressFrame('10.0.0.2')).toBe(true);
  });
});

describe('addressKey', () => {
  it('counts IPv4 (also IPv4-mapped) addresses as they are and IPv6 addresses by their /64', () => {
    expect(addressKey('127.0.0.2')).toBe('127.0.0.2');
    expect(addressKey('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(addressKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2::7')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});
