/**
 * The answers a lobby host gave to requests that change something, by
 * client and request id, so that a request sent again is answered again the
 * same way rather than run twice. A request comes again when a player's
 * client resends what it had pending after a reconnect, and when the relay
 * hands the requests a lost primary had not answered to the standby that
 * took over (the old primary may have run some of them). A second
 * `startMatchmaking` would otherwise be a second ticket.
 *
 * Bounded: the newest `MAX_ANSWERS` answers, each for `ANSWER_TTL_MS`. They
 * are part of the replicated and persisted state (replica-state.ts).
 */
import type { ClientId, ClientOp, ResponseFrame } from '../net/protocol.ts';

/** One remembered answer. Plain JSON. */
export interface AnswerRecord {
  /** `${clientId} ${requestId}`. */
  key: string;
  atMs: number;
  response: ResponseFrame;
}

/** Most answers kept. */
export const MAX_ANSWERS = 2_000;
/** How long an answer is kept (ms): longer than a client waits for one (35 s) and than the relay holds requests. */
export const ANSWER_TTL_MS = 10 * 60_000;

/** Operations that only read: running them again is harmless, and their answers can be large. */
const READ_ONLY: ReadonlySet<ClientOp> = new Set<ClientOp>(['describeMatchmaking', 'describeGameSessions', 'describeLobby', 'describeParty']);

/** Whether the answer to `op` is remembered. */
export function remembersAnswer(op: ClientOp): boolean {
  return !READ_ONLY.has(op);
}

/** See the file comment. */
export class RecentAnswers {
  /** Insertion order is age order. */
  private readonly answers = new Map<string, AnswerRecord>();

  constructor(
    records: readonly AnswerRecord[] = [],
    private readonly now: () => number = Date.now,
  ) {
    for (const record of records) this.answers.set(record.key, record);
  }

  /** The answer given to `requestId` of `clientId`, if remembered. */
  find(clientId: ClientId, requestId: string): ResponseFrame | undefined {
    const record = this.answers.get(keyOf(clientId, requestId));
    return record !== undefined && record.atMs > this.now() - ANSWER_TTL_MS ? record.response : undefined;
  }

  /** Remembers `response`, forgetting the oldest answers beyond the bounds. */
  remember(clientId: ClientId, response: ResponseFrame): void {
    const key = keyOf(clientId, response.requestId);
    this.answers.delete(key);
    this.answers.set(key, { key, atMs: this.now(), response });
    const cutoff = this.now() - ANSWER_TTL_MS;
    for (const [oldest, record] of this.answers) {
      if (this.answers.size <= MAX_ANSWERS && record.atMs > cutoff) break;
      this.answers.delete(oldest);
    }
  }

  /** Every remembered answer, oldest first. */
  toJSON(): AnswerRecord[] {
    return [...this.answers.values()];
  }
}

function keyOf(clientId: ClientId, requestId: string): string {
  return `${clientId} ${requestId}`;
}
