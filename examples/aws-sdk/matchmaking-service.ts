/**
 * A game backend's matchmaking, written for `@aws-sdk/client-gamelift` and
 * nothing else: start a ticket, poll `DescribeMatchmaking`, accept the
 * proposed match, wait for the connection info. It runs unchanged against
 * AWS or against peermatch; only the `GameLiftClient` handed to it differs:
 *
 * ```ts
 * import { GameLiftClient } from '@aws-sdk/client-gamelift';
 * const service = new MatchmakingService(new GameLiftClient({ region: 'us-west-2' }));   // AWS
 *
 * import { GameLiftClient } from 'peermatch';
 * const service = new MatchmakingService(new GameLiftClient({ matchmaker }));             // peermatch, in-process
 * const service = new MatchmakingService(new GameLiftClient({ client: peermatchClient })); // peermatch, a lobby over the relay
 * ```
 *
 * The test suite runs this file against peermatch (test/aws-sdk-client.test.ts).
 */
import {
  AcceptMatchCommand,
  DescribeMatchmakingCommand,
  NotFoundException,
  StartMatchmakingCommand,
  StopMatchmakingCommand,
  type GameLiftClient,
  type MatchmakingTicket,
  type Player,
} from '@aws-sdk/client-gamelift';

const FINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMED_OUT']);

export class MatchmakingService {
  constructor(
    private readonly gamelift: Pick<GameLiftClient, 'send'>,
    private readonly pollIntervalMs = 100,
  ) {}

  /** Starts a ticket for one player and returns its id. */
  async start(configurationName: string, player: Player): Promise<string> {
    const { MatchmakingTicket } = await this.gamelift.send(
      new StartMatchmakingCommand({ ConfigurationName: configurationName, Players: [player] }),
    );
    if (!MatchmakingTicket?.TicketId) throw new Error('StartMatchmaking answered no ticket');
    return MatchmakingTicket.TicketId;
  }

  /** The ticket as it is now, or undefined when GameLift does not know it. */
  async describe(ticketId: string): Promise<MatchmakingTicket | undefined> {
    try {
      const { TicketList } = await this.gamelift.send(new DescribeMatchmakingCommand({ TicketIds: [ticketId] }));
      return TicketList?.[0];
    } catch (error) {
      if (error instanceof NotFoundException) return undefined;
      throw error;
    }
  }

  /**
   * Polls the ticket until it ends, accepting a proposed match for
   * `playerId` on the way. Resolves to the final ticket (COMPLETED with its
   * GameSessionConnectionInfo, or FAILED / CANCELLED / TIMED_OUT).
   */
  async waitForMatch(ticketId: string, playerId: string, timeoutMs = 30_000): Promise<MatchmakingTicket> {
    const deadline = Date.now() + timeoutMs;
    let accepted = false;
    while (Date.now() < deadline) {
      const ticket = await this.describe(ticketId);
      if (ticket === undefined) throw new Error(`ticket ${ticketId} is gone`);
      if (ticket.Status && FINAL.has(ticket.Status)) return ticket;
      if (ticket.Status === 'REQUIRES_ACCEPTANCE' && !accepted) {
        await this.gamelift.send(new AcceptMatchCommand({ TicketId: ticketId, PlayerIds: [playerId], AcceptanceType: 'ACCEPT' }));
        accepted = true;
      }
      await new Promise((resolve) => setTimeout(resolve, this.pollIntervalMs));
    }
    await this.gamelift.send(new StopMatchmakingCommand({ TicketId: ticketId }));
    throw new Error(`ticket ${ticketId} found no match within ${timeoutMs} ms`);
  }

  /** Start, poll, accept: the whole search for one player. */
  async findMatch(configurationName: string, player: Player): Promise<MatchmakingTicket> {
    const ticketId = await this.start(configurationName, player);
    return this.waitForMatch(ticketId, player.PlayerId ?? '');
  }
}
