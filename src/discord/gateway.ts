/**
 * Gateway events delivered in slices of the event loop, so that a burst cannot hold it.
 *
 * The `ws` library hands every frame of one socket read to its listeners synchronously, and
 * discord.js turns each INTERACTION_CREATE into a whole interaction (with its message) before
 * the next. When 5,000 members click within a second, one read can carry hundreds of clicks:
 * timers, replies and store callbacks then wait until every one of them is built.
 *
 * The sharding strategy here is discord.js's simple one (every shard in this process) with one
 * change: what a shard emits is queued, in order, and handed to discord.js for at most
 * {@link GATEWAY_SLICE_MS} per turn of the event loop; the rest follows on the next turn, after
 * timers and I/O have run. Shards still read, parse and heartbeat as soon as data arrives.
 */
import { createRequire } from 'node:module';
import type * as DiscordCollection from '@discordjs/collection';
import type * as DiscordWs from '@discordjs/ws';
import type { IShardingStrategy, WebSocketManager, WebSocketShard as Shard, WebSocketShardDestroyOptions, WebSocketShardStatus } from '@discordjs/ws';
import type { GatewaySendPayload } from 'discord.js';

// The CommonJS copies discord.js itself loads: importing the ES module builds would load a second
// @discordjs/ws and @discordjs/rest (about 60 ms more at start) beside them.
const require = createRequire(import.meta.url);
const { managerToFetchingStrategyOptions, SimpleContextFetchingStrategy, WebSocketShard, WebSocketShardEvents } = require('@discordjs/ws') as typeof DiscordWs;
const { Collection } = require('@discordjs/collection') as typeof DiscordCollection;

/**
 * How long one turn of the event loop may spend handing gateway events to discord.js. In the
 * load bench's 5,000-click bursts, 2 ms rather than 8 brought the longest a bare client's own
 * work held its loop from 30–58 ms to 16–30 ms, and the bot's from 21–57 ms to 15–26 ms (with 16
 * acknowledgements per turn, src/quiz/entry.ts).
 */
export const GATEWAY_SLICE_MS = 2;

export interface PacerOptions<T> {
  /** Hands one item on. */
  readonly deliver: (item: T) => void;
  /** `deliver` threw for `item`: the rest still go out, in order. */
  readonly onError: (err: unknown, item: T) => void;
  /** Longest run of deliveries in one turn; at least one is always made. */
  readonly sliceMs: number;
  readonly now: () => number;
  /** Runs `fn` on a later turn of the event loop (setImmediate in production). */
  readonly defer: (fn: () => void) => void;
}

export interface Pacer<T> {
  /** Queues `item` behind everything queued before it. */
  push(item: T): void;
  /** Delivers everything still queued, now and in order, with no slicing. */
  flush(): void;
  /** How many items are waiting. */
  readonly pending: number;
}

/** Delivers items in the order they were pushed, at most `sliceMs` of them per turn of the event loop. */
export function createPacer<T>(options: PacerOptions<T>): Pacer<T> {
  const { deliver, onError, sliceMs, now, defer } = options;
  // Delivered slots are cleared at once; the array is compacted only once they are the larger
  // part, so a turn's cost does not grow with the backlog behind it.
  let queue: (T | undefined)[] = [];
  let head = 0;
  let scheduled = false;

  function schedule(): void {
    if (scheduled || head >= queue.length) return;
    scheduled = true;
    defer(drain);
  }

  function drain(sliced = true): void {
    scheduled = false;
    const until = now() + sliceMs;
    try {
      while (head < queue.length) {
        const item = queue[head] as T;
        queue[head] = undefined;
        head += 1;
        try {
          deliver(item);
        } catch (err) {
          onError(err, item);
        }
        if (sliced && now() >= until) break;
      }
    } finally {
      if (head >= queue.length) {
        queue = [];
        head = 0;
      } else if (head * 2 > queue.length) {
        queue = queue.slice(head);
        head = 0;
      }
      schedule();
    }
  }

  return {
    push(item) {
      queue.push(item);
      schedule();
    },
    flush() {
      drain(false);
    },
    get pending() {
      return queue.length - head;
    },
  };
}

type ShardEvent = (typeof DiscordWs.WebSocketShardEvents)[keyof typeof DiscordWs.WebSocketShardEvents];

/** One event of one shard, as the manager emits it. */
interface ShardEmit {
  readonly event: ShardEvent;
  readonly payload: { readonly shardId: number };
}

/** discord.js's simple sharding (every shard in this process), with each shard's events paced. */
export class PacedShardingStrategy implements IShardingStrategy {
  private readonly shards = new Collection<number, Shard>();
  private readonly pacer: Pacer<ShardEmit>;

  constructor(
    private readonly manager: WebSocketManager,
    pace: Pick<PacerOptions<ShardEmit>, 'sliceMs' | 'now' | 'defer'> = { sliceMs: GATEWAY_SLICE_MS, now: () => performance.now(), defer: (fn) => setImmediate(fn) },
  ) {
    this.pacer = createPacer<ShardEmit>({
      ...pace,
      deliver: ({ event, payload }) => manager.emit(event, payload as never),
      // As a listener's throw inside a shard would be: discord.js reports it as the client's `shardError`.
      onError: (err, { payload }) => manager.emit(WebSocketShardEvents.Error, { error: err instanceof Error ? err : new Error(String(err)), shardId: payload.shardId }),
    });
  }

  async spawn(shardIds: number[]): Promise<void> {
    const options = await managerToFetchingStrategyOptions(this.manager);
    for (const shardId of shardIds) {
      const shard = new WebSocketShard(new SimpleContextFetchingStrategy(this.manager, options), shardId);
      for (const event of Object.values(WebSocketShardEvents)) {
        shard.on(event, (payload: object) => this.pacer.push({ event, payload: { ...payload, shardId } }));
      }
      this.shards.set(shardId, shard);
    }
  }

  async connect(): Promise<void> {
    await Promise.all(this.shards.map((shard) => shard.connect()));
  }

  /**
   * What was read before the client is destroyed still reaches it, as it would have unpaced: an
   * interaction arriving during a shutdown gets its "restarting" answer, not silence.
   */
  async destroy(options?: Omit<WebSocketShardDestroyOptions, 'recover'>): Promise<void> {
    this.pacer.flush();
    await Promise.all(this.shards.map((shard) => shard.destroy(options)));
    this.shards.clear();
  }

  async send(shardId: number, payload: GatewaySendPayload): Promise<void> {
    const shard = this.shards.get(shardId);
    if (!shard) throw new RangeError(`Shard ${shardId} not found`);
    await shard.send(payload);
  }

  fetchStatus(): DiscordCollection.Collection<number, WebSocketShardStatus> {
    return this.shards.mapValues((shard) => shard.status);
  }
}
