const DISCORD_EPOCH = 1_420_070_400_000n;

/** Hands out Discord snowflakes that embed the current time and increase strictly. */
export class SnowflakeFactory {
  #last = 0n;

  /** A new snowflake for `atMs` (default now), always greater than every earlier one. */
  next(atMs: number = Date.now()): string {
    let candidate = ((BigInt(Math.floor(atMs)) - DISCORD_EPOCH) << 22n) | (1n << 17n);
    if (candidate <= this.#last) candidate = this.#last + 1n;
    this.#last = candidate;
    return candidate.toString();
  }
}

/** Milliseconds since the Unix epoch encoded in a snowflake. */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}
