/**
 * The exhaustive search's look-ahead: for the draft at each depth, which of
 * the remaining candidates can still join it under the necessary conditions
 * (necessary-conditions.ts), and how many players they hold. A branch whose
 * joinable players cannot fill the team-size profile is abandoned at once,
 * and a candidate that cannot join is passed over without a tentative
 * addition. Both only cut branches that hold no valid match, so the search
 * finds what it found before, sooner, and spends its budget on branches that
 * can still succeed.
 */
import type { DraftSummary, NecessaryConditions } from './necessary-conditions.ts';
import type { PreparedTicket } from './prepared-ticket.ts';

interface Level {
  summary: DraftSummary;
  /** Per candidate position: whether it can still join. */
  alive: boolean[];
  /** Per position: players of the candidates from there on that can still join. */
  playersFrom: number[];
}

export class Lookahead {
  private readonly levels: Level[];

  /**
   * `order`: the candidates in search order; `maxAgeSeconds(ticket)`: the
   * most the wait time of the current draft with `ticket` added can ever be
   * (read after each addition).
   */
  constructor(
    private readonly conditions: NecessaryConditions,
    private readonly order: readonly PreparedTicket[],
    private readonly maxAgeSeconds: (ticket: PreparedTicket) => number,
  ) {
    const playersFrom = new Array<number>(order.length + 1).fill(0);
    for (let i = order.length - 1; i >= 0; i--) playersFrom[i] = playersFrom[i + 1]! + order[i]!.size;
    this.levels = [{ summary: conditions.empty(), alive: order.map(() => true), playersFrom }];
  }

  /** Records that `order[index]` joined the draft (call after the draft passed its checks). */
  push(index: number): void {
    const parent = this.levels[this.levels.length - 1]!;
    const summary = this.conditions.add(parent.summary, this.order[index]!);
    const n = this.order.length;
    const alive = new Array<boolean>(n).fill(false);
    const playersFrom = new Array<number>(n + 1).fill(0);
    for (let j = n - 1; j > index; j--) {
      alive[j] = parent.alive[j]! && this.conditions.admits(summary, this.order[j]!, this.maxAgeSeconds(this.order[j]!));
      playersFrom[j] = playersFrom[j + 1]! + (alive[j] ? this.order[j]!.size : 0);
    }
    this.levels.push({ summary, alive, playersFrom });
  }

  /** Undoes the latest `push`. */
  pop(): void {
    this.levels.pop();
  }

  /** Whether `order[index]` can still join the current draft. */
  admits(index: number): boolean {
    return this.levels[this.levels.length - 1]!.alive[index]!;
  }

  /** Players of the candidates from `index` on that can still join the current draft. */
  playersFrom(index: number): number {
    return this.levels[this.levels.length - 1]!.playersFrom[index]!;
  }
}
