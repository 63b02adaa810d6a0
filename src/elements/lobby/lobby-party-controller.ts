/**
 * The party side of `<peermatch-lobby>` (a `ReactiveController` beside
 * `LobbyController`): turns the party views' actions into `client.party`
 * calls (create, join from a code or the page's `?party=` link, leave,
 * remove, hand over leadership, ready, queue as leader), keeps the party as
 * the client's `party` events tell it, with the last change in words for
 * the aria-live notice, and joins the party again after a reload. Every
 * call speaks for this player with its own attributes and latencies.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PeermatchClient, PeermatchClientEvent } from '../../client/peermatch-client.ts';
import type { PartyPlayerData, PartyView } from '../../net/party-wire.ts';
import { PARTY_QUERY_PARAMETER } from '../../net/party-wire.ts';
import type { LobbyController, LobbySettings } from './lobby-controller.ts';
import { measureServerLatency } from './measure-latency.ts';

/** The element side the party controller talks to. */
export interface LobbyPartyHost extends ReactiveControllerHost {
  lobbySettings(): LobbySettings;
  /** Whether the element shows the party views (its `parties` attribute). */
  partiesEnabled(): boolean;
  /** Called with every party change (the element fires `peermatch-party`). */
  lobbyPartyChanged(event: Extract<PeermatchClientEvent, { type: 'party' }>): void;
}

/** See the file comment. */
export class LobbyPartyController implements ReactiveController {
  /** The party this player is in, as last told. */
  party: PartyView | undefined;
  /** The last change, in words (announced). */
  notice = '';
  /** Why the last party action was refused, in words (announced as an alert). */
  error = '';
  /** An action is under way (its buttons are disabled). */
  busy = false;

  constructor(
    private readonly host: LobbyPartyHost,
    private readonly lobby: LobbyController,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** This client's player, once connected. */
  get playerId(): string | undefined {
    try {
      return this.lobby.client?.playerId;
    } catch {
      return undefined;
    }
  }

  /** The party's link (this page with `?party=CODE`). */
  get link(): string | undefined {
    if (!this.party) return undefined;
    try {
      return this.lobby.client?.party.link();
    } catch {
      return undefined;
    }
  }

  /** A client event: party changes update the view. */
  onClientEvent(event: PeermatchClientEvent): void {
    if (event.type !== 'party') return;
    this.party = event.party ?? undefined;
    if (event.change) this.notice = event.change.message;
    this.host.lobbyPartyChanged(event);
    this.host.requestUpdate();
  }

  /**
   * On connect: joins the party of the page's `?party=` link, or the party
   * this browser remembers (a reload). Never rejects.
   */
  async resume(): Promise<void> {
    if (!this.host.partiesEnabled()) return;
    const code = typeof location === 'undefined' ? null : new URLSearchParams(location.search).get(PARTY_QUERY_PARAMETER);
    const remembered = (await this.lobby.remembered())?.party;
    if (!code && !remembered) return;
    await this.run(async (client) => {
      // connect() joined the remembered party again; a link to another party joins that one.
      if (code && client.party.current?.PartyCode !== code.toUpperCase()) await client.party.join(code, await this.playerData());
    });
  }

  create(): Promise<void> {
    return this.run(async (client) => void (await client.party.create(await this.playerData())));
  }

  join(code: string): Promise<void> {
    return this.run(async (client) => void (await client.party.join(code, await this.playerData())));
  }

  leave(): Promise<void> {
    return this.run(async (client) => {
      await client.party.leave();
      this.party = undefined;
    });
  }

  remove(playerId: string): Promise<void> {
    return this.run(async (client) => void (await client.party.remove(playerId)));
  }

  makeLeader(playerId: string): Promise<void> {
    return this.run(async (client) => void (await client.party.makeLeader(playerId)));
  }

  /** Marks this player ready (with its data as of now) or not. */
  setReady(ready: boolean): Promise<void> {
    return this.run(async (client) => void (await client.party.setReady(ready, ready ? await this.playerData() : undefined)));
  }

  /** The leader queues the party; the lobby shows the search. */
  queue(): Promise<void> {
    return this.run(async (client) => {
      const { MatchmakingTicket } = await client.party.startMatchmaking();
      this.lobby.showTicket(MatchmakingTicket);
    });
  }

  private async run(action: (client: PeermatchClient) => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = '';
    this.host.requestUpdate();
    try {
      const client = await this.lobby.connectClient();
      await action(client);
      this.party = client.party.current;
    } catch (error) {
      this.error = (error as Error).message;
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }

  /** This player's own data: its attributes, and its latencies (given, or measured to the server). */
  private async playerData(): Promise<PartyPlayerData> {
    const settings = this.host.lobbySettings();
    const measured = settings.latencies === undefined ? await measureServerLatency(settings.serverUrl).catch(() => undefined) : undefined;
    const latencies = settings.latencies ?? (measured !== undefined ? { [settings.region]: measured } : undefined);
    return {
      ...(settings.playerAttributes ? { PlayerAttributes: settings.playerAttributes } : {}),
      ...(latencies ? { LatencyInMs: latencies } : {}),
    };
  }
}
