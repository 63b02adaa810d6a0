/**
 * TURN credentials in the TURN REST API scheme coturn implements as
 * `use-auth-secret` / `static-auth-secret`: the username is
 * `<expiry unix seconds>:<identity>` and the password is the base64
 * HMAC-SHA1 of that username keyed with the shared secret. coturn refuses the
 * pair after the expiry, so a leaked credential is short-lived, and the
 * server never needs to tell coturn about a client.
 *
 * `IceCredentialIssuer` builds each joined client's `IceConfig` and sends a
 * fresh one to every joined connection before its credentials expire.
 * Credentials are never logged.
 */
import { createHmac } from 'node:crypto';
import type { IceConfig, IceServerEntry } from '../net/ice-config.ts';

/** The ICE settings of `peermatch serve`. */
export interface IceSettings {
  /** `stun:` / `stuns:` URLs handed out without credentials. */
  stunUrls: readonly string[];
  /** `turn:` / `turns:` URLs handed out with short-lived credentials (needs `turnSecret`). */
  turnUrls: readonly string[];
  /** coturn's `static-auth-secret`; required with `turnUrls`. */
  turnSecret: string | null;
  /** Lifetime of a TURN credential, seconds (default `DEFAULT_TURN_TTL_SECONDS`). */
  turnTtlSeconds?: number;
  /** How often a joined client gets fresh credentials, ms; default half the lifetime. */
  renewIntervalMs?: number;
}

/** Default TURN credential lifetime: a day, as coturn's documentation suggests for the REST scheme. */
export const DEFAULT_TURN_TTL_SECONDS = 86_400;

/** A TURN username and password. */
export interface TurnCredential {
  username: string;
  credential: string;
}

/**
 * The credential for `identity` valid until `expiresAtSeconds` (unix time):
 * username `expiresAtSeconds:identity`, password base64(HMAC-SHA1(secret, username)).
 */
export function turnRestCredential(secret: string, identity: string, expiresAtSeconds: number): TurnCredential {
  const username = `${Math.floor(expiresAtSeconds)}:${identity}`;
  return { username, credential: createHmac('sha1', secret).update(username).digest('base64') };
}

/** Issues and renews each client's ICE configuration. */
export class IceCredentialIssuer {
  private readonly ttlSeconds: number;
  private readonly timers = new Map<object, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly settings: IceSettings,
    private readonly now: () => number = Date.now,
  ) {
    this.ttlSeconds = settings.turnTtlSeconds ?? DEFAULT_TURN_TTL_SECONDS;
    if (settings.turnUrls.length > 0 && !settings.turnSecret) throw new Error('TURN URLs need the TURN shared secret (--turn-secret-file or PEERMATCH_TURN_SECRET)');
    if (!Number.isSafeInteger(this.ttlSeconds) || this.ttlSeconds < 60) throw new Error(`turnTtlSeconds: expected an integer of at least 60, got ${this.ttlSeconds}`);
  }

  /** Whether there is anything to hand out. */
  get enabled(): boolean {
    return this.settings.stunUrls.length > 0 || this.settings.turnUrls.length > 0;
  }

  /** The configuration for `identity` (a client id) as of now. */
  issue(identity: string): IceConfig {
    const servers: IceServerEntry[] = [];
    if (this.settings.stunUrls.length > 0) servers.push({ urls: [...this.settings.stunUrls] });
    if (this.settings.turnUrls.length === 0 || !this.settings.turnSecret) return { iceServers: servers };
    const expiresAtSeconds = Math.floor(this.now() / 1000) + this.ttlSeconds;
    servers.push({ urls: [...this.settings.turnUrls], ...turnRestCredential(this.settings.turnSecret, identity, expiresAtSeconds) });
    return { iceServers: servers, expiresAtMs: expiresAtSeconds * 1000 };
  }

  /**
   * Calls `send` with a fresh configuration for `identity` when half of the
   * credential lifetime has passed, and again every half lifetime, until
   * `stop(recipient)` or until `send` returns false (the recipient is gone).
   */
  renew(recipient: object, identity: string, send: (ice: IceConfig) => boolean): void {
    this.stop(recipient);
    if (this.settings.turnUrls.length === 0) return;
    const timer = setTimeout(() => {
      this.timers.delete(recipient);
      if (send(this.issue(identity))) this.renew(recipient, identity, send);
    }, this.settings.renewIntervalMs ?? (this.ttlSeconds * 1000) / 2);
    timer.unref?.();
    this.timers.set(recipient, timer);
  }

  /** Stops renewing for `recipient` (its socket closed). */
  stop(recipient: object): void {
    const timer = this.timers.get(recipient);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(recipient);
  }

  /** Stops every renewal (the server is closing). */
  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
