/**
 * `<peermatch-lobby>` volunteers this tab as a standby lobby host, when the
 * game allows it (sets `volunteerHost`) and the lobby offers it (its owner
 * runs the host with `playerStandbys`; `describeLobby` answers carry
 * `standbyOffer`). For games whose host is a player anyway: the lobby then
 * outlives the tab that hosts it.
 *
 * The element never imports host code (the architecture test forbids it, and
 * a game that does not volunteer should not download a matchmaker): the game
 * passes a function that starts the host, typically
 *
 * ```ts
 * import { memoryHostStore, startBrowserHost } from 'peermatch/worker';
 * lobby.volunteerHost = (offer) => startBrowserHost({ ...offer, ruleSetBody: '', store: memoryHostStore() });
 * ```
 *
 * Set `volunteerHost` before the search starts: the controller asks for the
 * offer once its lobby's client is connected,
 * starts the host once, keeps it while the element is connected and closes
 * it on disconnect. Everything that happens to it is an event,
 * `peermatch-volunteer` (`{ role, message? }`), never a user-facing error: a
 * refusal (the lobby has all the standby hosts it allows: `LOBBY_FULL`) is
 * quiet. While the tab serves the lobby the element shows a short note.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PeermatchClient } from '../../client/peermatch-client.ts';
import { standbyOfferOf } from '../../net/protocol.ts';

/** What the element hands `volunteerHost`: spread it into `startBrowserHost`'s options. */
export interface VolunteerOffer {
  serverUrl: string;
  lobby: string;
  /** The lobby's standby credential: it admits a standby host only. */
  token: string;
  standby: true;
  /** Pass on (`startBrowserHost`'s `onRole`): the element follows the host's role with it. */
  onRole(role: string): void;
  /** Pass on (`startBrowserHost`'s `onError`): failures become `peermatch-volunteer` events. */
  onError(error: unknown): void;
}

/** What `volunteerHost` answers: a `RunningLobbyHost` fits. */
export interface VolunteeredHost {
  /** Settles with the server's answer; a rejection is the refusal. */
  readonly registered?: Promise<unknown>;
  close(): unknown;
}

/** Starts a standby host with the lobby's offer (the game's code: the element does not import host code). */
export type VolunteerHostFunction = (offer: VolunteerOffer) => VolunteeredHost | Promise<VolunteeredHost>;

/** Where the volunteered host stands: the host's own roles, or `refused` / `failed` (quiet, with `message`). */
export type VolunteerRole = 'connecting' | 'standby' | 'primary' | 'closed' | 'refused' | 'failed';

/** `peermatch-volunteer`'s detail. */
export interface LobbyVolunteerDetail {
  role: VolunteerRole;
  /** Why it was refused or failed, or a background failure of the running host. */
  message?: string;
}

/** The element side the controller talks to. */
export interface LobbyVolunteerHost extends ReactiveControllerHost {
  readonly volunteerHost: VolunteerHostFunction | undefined;
  /** The settings a search uses (the server and lobby the offer names). */
  lobbySettings(): { serverUrl: string; lobby: string };
  /** Fires `peermatch-volunteer`. */
  lobbyVolunteerChanged(detail: LobbyVolunteerDetail): void;
}

/** See the file comment. */
export class LobbyVolunteer implements ReactiveController {
  /** The host's role now; `undefined` before this tab volunteered. */
  role: VolunteerRole | undefined;
  private running: VolunteeredHost | undefined;
  /** Set once this connection of the element asked for the offer, so it volunteers once. */
  private asked = false;
  /** Bumped on disconnect, so a host that starts after it is closed at once. */
  private generation = 0;

  constructor(private readonly host: LobbyVolunteerHost) {
    host.addController(this);
  }

  /** True while this tab's host serves the lobby (the element shows its note). */
  get serving(): boolean {
    return this.role === 'primary';
  }

  hostDisconnected(): void {
    this.reset();
  }

  /** Closes the volunteered host (the element left the page, or now plays another lobby or server); the next client connected may volunteer again. */
  reset(): void {
    this.generation++;
    this.asked = false;
    const running = this.running;
    this.running = undefined;
    if (running) void Promise.resolve(running.close()).catch(() => undefined);
    if (this.role !== undefined && this.role !== 'refused' && this.role !== 'failed') this.change({ role: 'closed' });
    this.role = undefined;
  }

  /** The lobby's client is connected: asks for the offer (once per connection of the element) and volunteers. Never rejects. */
  async clientConnected(client: PeermatchClient): Promise<void> {
    const start = this.host.volunteerHost;
    if (start === undefined || this.asked) return;
    this.asked = true;
    const generation = this.generation;
    let offer;
    try {
      offer = standbyOfferOf(await client.call('describeLobby', {}));
    } catch {
      // Asked again on the next connection; the search itself reports a lobby that does not answer.
      this.asked = false;
      return;
    }
    if (offer === undefined || generation !== this.generation) return;
    const { serverUrl, lobby } = this.host.lobbySettings();
    const stale = (): boolean => generation !== this.generation;
    this.change({ role: 'connecting' });
    let running: VolunteeredHost;
    try {
      running = await start({
        serverUrl,
        lobby,
        token: offer.token,
        standby: true,
        onRole: (role) => {
          if (!stale() && isHostRole(role) && role !== this.role && this.role !== 'refused') this.change({ role });
        },
        onError: (error) => {
          if (!stale() && this.role !== undefined) this.change({ role: this.role, message: messageOf(error) });
        },
      });
    } catch (error) {
      if (!stale()) this.change({ role: 'failed', message: messageOf(error) });
      return;
    }
    if (stale()) {
      void Promise.resolve(running.close()).catch(() => undefined);
      return;
    }
    this.running = running;
    running.registered?.catch((error: unknown) => {
      if (stale() || this.running !== running) return;
      this.running = undefined;
      void Promise.resolve(running.close()).catch(() => undefined);
      this.change({ role: 'refused', message: messageOf(error) });
    });
  }

  private change(detail: LobbyVolunteerDetail): void {
    const before = this.role;
    this.role = detail.role;
    this.host.lobbyVolunteerChanged(detail);
    if ((before === 'primary') !== (detail.role === 'primary')) this.host.requestUpdate();
  }
}

function isHostRole(role: string): role is 'connecting' | 'standby' | 'primary' | 'closed' {
  return role === 'connecting' || role === 'standby' || role === 'primary' || role === 'closed';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
