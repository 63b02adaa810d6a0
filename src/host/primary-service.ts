/**
 * What a lobby host runs while it is the lobby's primary: the Matchmaker
 * engine, the `LobbyHost` serving the players, the write-ahead outbox (a
 * reply goes out only once the change behind it is saved and, when a synced
 * standby exists, held by it too: persisted-outbox.ts, replication.ts), the
 * mailbox for clients that are away, and the replication stream to the
 * standbys. host-runtime.ts starts one when the host becomes primary (first
 * registration or promotion) and stops it when the host is fenced or closed.
 */
import type { MatchmakerSnapshot } from '../core/matchmaker/index.ts';
import type { ClientId, HostId, HostToClientMessage, JsonObject, ServerToHostFrame } from '../net/protocol.ts';
import { ClientMailbox } from './client-mailbox.ts';
import type { ConnectionReports } from './connection-reports.ts';
import { clientLeftActivity, eventActivity, playerLeftActivity } from './host-activity.ts';
import type { EngineFactory, HostEngine } from './host-engine.ts';
import type { LedgerState } from './ledger.ts';
import { LobbyHost } from './lobby-host.ts';
import { withStandbyOffer, type LobbyHostSettings } from './player-standbys.ts';
import { LobbySummary } from './lobby-summary.ts';
import { PersistedOutbox } from './persisted-outbox.ts';
import type { AnswerRecord } from './recent-answers.ts';
import type { ReplicaState } from './replica-state.ts';
import { ReplicationSource, type Outgoing, type StandbyStatus } from './replication.ts';

/** What a primary starts from: a saved or replicated state, or nothing (a new lobby). */
export interface PrimaryStart {
  snapshot?: MatchmakerSnapshot;
  ledger?: LedgerState;
  answers?: readonly AnswerRecord[];
  /** The lobby's settings as saved or replicated. */
  settings?: LobbyHostSettings;
  /** Messages the previous primary may not have handed to the relay (a promoted standby sends them again). */
  resend?: Outgoing[];
}

/** How a `PrimaryService` is wired to its host. */
export interface PrimaryServiceOptions {
  engine: EngineFactory;
  /** Creates the rule set and configuration on a new lobby (host-runtime.ts). */
  ensureConfiguration(engine: HostEngine): Promise<unknown>;
  configurationName: string;
  tickIntervalMs: number;
  saveIntervalMs?: number;
  ackTimeoutMs?: number;
  /** The lobby's settings this primary serves with (replicated with the state). */
  settings: LobbyHostSettings;
  /** The lobby's standby credential, once the relay gave it (offered to players when the settings say so). */
  standbyToken(): string | undefined;
  /** Persists the state (the host adds its token and term). */
  save(state: ReplicaState): Promise<void>;
  /** Through the relay; false when not registered right now (the mailbox parks it). */
  sendToClient(clientId: ClientId, message: HostToClientMessage): boolean;
  sendToStandby(message: JsonObject, to?: HostId): void;
  reports: ConnectionReports;
  onError?(error: unknown): void;
  onActivity?(line: string): void;
}

/** See the file comment. Create with `PrimaryService.start`. */
export class PrimaryService {
  private ticking = false;
  private closed = false;
  private readonly stops: (() => void)[] = [];
  /** Ticking changes run one at a time, in call order, so the last call wins. */
  private control: Promise<void> = Promise.resolve();

  private constructor(
    readonly engine: HostEngine,
    readonly lobbyHost: LobbyHost,
    private readonly mailbox: ClientMailbox,
    private readonly outbox: PersistedOutbox<Outgoing>,
    readonly replication: ReplicationSource,
    private readonly options: PrimaryServiceOptions,
  ) {}

  /** The interval this primary ticks at (the lobby's setting). */
  get tickIntervalMs(): number {
    return this.options.tickIntervalMs;
  }

  /**
   * Starts the engine (restored from `from.snapshot` when given), not
   * ticking yet (`setTicking`), and serving what `handleFrame` hands it.
   * Rejects when the engine or the rule set or configuration fails.
   */
  static async start(from: PrimaryStart, options: PrimaryServiceOptions): Promise<PrimaryService> {
    const engine = await options.engine(from.snapshot);
    try {
      await options.ensureConfiguration(engine);
    } catch (error) {
      await engine.close();
      throw error;
    }
    let lobbyHost: LobbyHost | undefined;
    const replication = new ReplicationSource({ send: options.sendToStandby, ...(options.ackTimeoutMs !== undefined ? { ackTimeoutMs: options.ackTimeoutMs } : {}) });
    const mailbox = new ClientMailbox({ send: options.sendToClient });
    const replicaState = async (): Promise<ReplicaState> => {
      const snapshot = await engine.snapshot();
      // Read after the snapshot: every ticket in it was recorded before its answer came back.
      return { snapshot, ledger: lobbyHost!.ledgerState(), answers: lobbyHost!.answersState(), settings: options.settings };
    };
    const outbox = new PersistedOutbox<Outgoing>({
      ...(options.saveIntervalMs !== undefined ? { intervalMs: options.saveIntervalMs } : {}),
      ...(options.onError ? { onError: options.onError } : {}),
      deliver: ({ clientId, message }) => mailbox.deliver(clientId, message),
      save: async (releasing) => {
        const state = await replicaState();
        // The standbys get the change first; the own store writes while they apply it.
        const held = replication.publish(state, releasing);
        let failure: unknown;
        await options.save(state).catch((error: unknown) => (failure = error ?? new Error('save failed')));
        await held;
        if (failure !== undefined) throw failure;
      },
    });
    const summary = new LobbySummary(engine.matchmaker, options.configurationName);
    lobbyHost = new LobbyHost({
      matchmaker: engine.matchmaker,
      configurationName: options.configurationName,
      ...(from.ledger ? { ledger: from.ledger } : {}),
      ...(from.answers ? { answers: from.answers } : {}),
      send: (clientId, message) => outbox.send({ clientId, message }),
      changed: () => outbox.changed(),
      describeLobby: async () =>
        withStandbyOffer(await summary.describe(), { settings: options.settings, standbyToken: options.standbyToken(), standbys: replication.status().length }),
      reportConnections: (clientId, input, ownerOf) => void options.reports.accept(clientId, input, ownerOf),
      ...(options.onActivity ? { onPlayerLeft: (arn: string, playerId: string) => options.onActivity!(playerLeftActivity(arn, playerId)) } : {}),
      ...(options.onError ? { onError: options.onError } : {}),
    });
    const service = new PrimaryService(engine, lobbyHost, mailbox, outbox, replication, options);
    // After the LobbyHost's own listener: a match is known here before any player hears of it.
    service.stops.push(engine.matchmaker.on((event) => options.reports.noteEvent(event)));
    if (options.onActivity) {
      service.stops.push(
        engine.matchmaker.on((event) => {
          for (const line of eventActivity(event)) options.onActivity!(line);
        }),
      );
    }
    // What the previous primary may not have sent goes out again (clients drop what they already have).
    for (const { clientId, message } of from.resend ?? []) mailbox.deliver(clientId, message);
    // The first save makes a restart resume from here even if nothing changes.
    outbox.changed();
    return service;
  }

  /** A frame from the relay for the primary. */
  handleFrame(frame: ServerToHostFrame): void {
    if (this.closed) return;
    this.mailbox.onFrame(frame);
    switch (frame.type) {
      case 'standby-joined':
        this.replication.standbyJoined(frame.hostId);
        this.outbox.changed();
        return;
      case 'standby-left':
        this.replication.standbyLeft(frame.hostId);
        return;
      case 'standby-ack':
        this.replication.onAck(frame.hostId, frame.seq);
        return;
      case 'standby-resync':
        this.replication.resync(frame.hostId);
        this.outbox.changed();
        return;
      default:
        this.lobbyHost.handleFrame(frame);
        if (frame.type === 'client-left') this.options.onActivity?.(clientLeftActivity(frame.clientId, this.lobbyHost.ledgerState()));
    }
  }

  /** Standbys the relay named (registration or promotion): each gets a snapshot with the next save. */
  addStandbys(hostIds: readonly HostId[]): void {
    for (const hostId of hostIds) this.replication.standbyJoined(hostId);
    if (hostIds.length > 0) this.outbox.changed();
  }

  /** The relay link dropped: nobody is reachable until the next registration. */
  disconnected(): void {
    this.mailbox.disconnected();
  }

  /** The standbys and how far behind each is. */
  standbys(): StandbyStatus[] {
    return this.replication.status();
  }

  /** Marks the state changed (the host's token or term changed): a save follows. */
  changed(): void {
    this.outbox.changed();
  }

  /** Starts or stops matchmaking ticks; calls run one at a time, in order, so the last one wins. */
  setTicking(value: boolean): Promise<void> {
    return (this.control = this.control
      .catch(() => undefined)
      .then(async () => {
        if (this.closed || this.ticking === value) return;
        if (value) await this.engine.startTicking(this.options.tickIntervalMs);
        else await this.engine.stopTicking();
        this.ticking = value;
      }));
  }

  /** Saves now and resolves once every held reply has gone out. */
  flush(): Promise<void> {
    return this.outbox.flush();
  }

  /**
   * Stops serving. `keep`: finish the requests received and save (a normal
   * close, a hand-over). Otherwise drop what is unsaved: another host serves
   * the lobby now with a newer state, and nothing held here was told to anyone.
   */
  async stop(keep: boolean): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const stop of this.stops) stop();
    this.lobbyHost.close();
    if (keep) {
      await this.lobbyHost.idle();
      await this.outbox.flush();
    }
    this.outbox.close();
    await this.engine.close();
  }
}
