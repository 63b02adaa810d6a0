/**
 * A token bucket: `burst` tokens at most, refilled continuously at
 * `ratePerSecond`. The relay keeps one per connection for frames, and one for
 * violations (so that a connection that keeps misbehaving is closed).
 */
export class TokenBucket {
  private tokens: number;
  private updatedAtMs: number;

  /**
   * @param ratePerSecond tokens added per second (0: never refilled)
   * @param burst bucket size, and the number of tokens it starts with
   * @param now clock in milliseconds
   */
  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number,
  ) {
    if (!(ratePerSecond >= 0) || !(burst >= 1)) {
      throw new RangeError(`TokenBucket: expected ratePerSecond >= 0 and burst >= 1, got ${ratePerSecond} and ${burst}`);
    }
    this.tokens = burst;
    this.updatedAtMs = now();
  }

  /** Takes one token if there is one; false means over the limit (nothing taken). */
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Tokens available now (fractional). */
  available(): number {
    this.refill();
    return this.tokens;
  }

  private refill(): void {
    const nowMs = this.now();
    const elapsedMs = Math.max(0, nowMs - this.updatedAtMs);
    this.updatedAtMs = nowMs;
    this.tokens = Math.min(this.burst, this.tokens + (elapsedMs * this.ratePerSecond) / 1000);
  }
}
