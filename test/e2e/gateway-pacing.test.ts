/**
 * Gateway events reach discord.js a slice of the event loop at a time (src/discord/gateway.ts),
 * through the real bot, its real client and the simulator's gateway.
 */
import { Events, type Interaction } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { GATEWAY_SLICE_MS } from '../../src/discord/gateway.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  h?.sim.assertNoViolations();
  await h?.close();
  h = undefined;
});

/** Holds the thread for `ms`, as building a big interaction or a garbage collection would. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin
  }
}

describe('gateway events in slices of the event loop', () => {
  it('given 40 commands sent in one burst and 2 ms of work on each, they reach the bot over several turns, in order, and every one is answered', async () => {
    h = await startHarness();
    const general = h.channel('Big City Fans', 'general');
    const { client } = h.bot;

    // A turn counter: one tick per turn of the event loop, taken in its check phase.
    let turn = 0;
    let spinning = true;
    const spin = (): void => {
      turn += 1;
      if (spinning) setImmediate(spin);
    };
    setImmediate(spin);
    const seen: { id: string; turn: number }[] = [];
    const onInteraction = (interaction: Interaction): void => {
      seen.push({ id: interaction.id, turn });
      busy(2);
    };
    client.on(Events.InteractionCreate, onInteraction);
    try {
      // Dispatched in one go: the frames leave the simulator in one tick.
      const handles = Array.from({ length: 40 }, () => h?.sim.command({ channelId: general, userId: 'alice', name: 'film' }));
      const replies = await Promise.all(handles.map((ix) => ix?.waitForReply()));
      expect(replies.every((r) => h?.sim.renderMessage(r as never).includes('118 minutes'))).toBe(true);

      expect(seen.map((s) => s.id)).toEqual(handles.map((ix) => ix?.id));
      const perTurn = new Map<number, number>();
      for (const s of seen) perTurn.set(s.turn, (perTurn.get(s.turn) ?? 0) + 1);
      // 2 ms each: a slice holds at most slice / 2 of them, plus the one that crosses its end.
      const most = Math.max(...perTurn.values());
      expect(most).toBeLessThanOrEqual(Math.floor(GATEWAY_SLICE_MS / 2) + 1);
      expect(perTurn.size).toBeGreaterThanOrEqual(Math.ceil(40 / (Math.floor(GATEWAY_SLICE_MS / 2) + 1)));
    } finally {
      spinning = false;
      client.off(Events.InteractionCreate, onInteraction);
    }
  });
});

describe('a gateway event a listener throws on', () => {
  it('given a listener that throws on an interaction, the error is logged once, as a warning naming its shard, the member still gets the answer, and later events still flow', async () => {
    h = await startHarness();
    const general = h.channel('Big City Fans', 'general');
    const { client } = h.bot;
    const thrower = (): void => {
      throw new Error('a listener bug');
    };
    // After the bot's own listener: the bot has started its answer when this one throws.
    client.on(Events.InteractionCreate, thrower);
    try {
      const film = await h.sim.command({ channelId: general, userId: 'alice', name: 'film' }).waitForReply();
      expect(h.sim.renderMessage(film)).toContain('118 minutes');
    } finally {
      client.off(Events.InteractionCreate, thrower);
    }
    const lines = h.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l['msg'] === 'gateway error');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, shardId: 0, err: { message: 'a listener bug' } });
    const novel = await h.sim.command({ channelId: general, userId: 'bob', name: 'novel' }).waitForReply();
    expect(h.sim.renderMessage(novel)).toContain('Changbi (창비)');
  });
});
