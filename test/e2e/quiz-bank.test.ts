/**
 * The question bank through the simulator: games in one channel do not repeat facts, a
 * series-only group sees nothing of the film or of later episodes, the spoilers option offers
 * the tracks, and settings saved by the first release keep their meaning.
 */
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteBackend } from '../../src/store/sqlite.js';
import type { Question } from '../../src/quiz/types.js';
import type { Harness } from './harness.js';
import { run } from './config-helpers.js';
import { click, ephemeralReply, INTRO_MS, overPause, questionOnScreen, savedState, startQuiz, startQuizHarness, toReveal, waitForTitle } from './quiz-helpers.js';

let h: Harness;

beforeAll(async () => {
  h = await startQuizHarness();
});

afterAll(async () => {
  await h?.close();
});

afterEach(() => {
  h.sim.assertNoViolations();
  expect(h.sim.messagesAllowingEveryone()).toEqual([]);
});

/** Plays a whole quiz in `channelId` (alice answers every question, so it never ends early) and returns its questions. */
async function playWholeQuiz(channelId: string, options: Readonly<Record<string, string | number>>): Promise<Question[]> {
  await startQuiz(h, channelId, 'alice', options);
  const state = await savedState(h, channelId);
  if (!state) throw new Error('no saved quiz');
  const questions = [...state.questions];
  await overPause(h, INTRO_MS);
  for (let n = 1; n <= questions.length; n++) {
    const q = await questionOnScreen(h, channelId, n, questions.length);
    await click(h, q.message.id, 'alice', { label: q.correctLabel });
    await toReveal(h, channelId, q);
    await overPause(h);
  }
  await waitForTitle(h, channelId, 'Final standings');
  return questions;
}

const namesGyuHo = (q: Question) => [q.prompt, ...q.options].some((t) => /Gyu-ho|규호/.test(t));

describe('the question bank through the simulator', () => {
  it('given two 10-round games in a row in one channel, the second asks none of the facts of the first', async () => {
    const quiz = h.channel('Big City Fans', 'quiz');
    const first = await playWholeQuiz(quiz, { rounds: 10, seconds: 10 });
    const second = await playWholeQuiz(quiz, { rounds: 10, seconds: 10 });
    expect(first).toHaveLength(10);
    expect(second).toHaveLength(10);
    const firstFacts = new Set(first.map((q) => q.fact));
    expect(firstFacts.size).toBe(10);
    expect(second.filter((q) => firstFacts.has(q.fact))).toEqual([]);
    // The server's history holds every fact asked, so a restart does not forget them.
    const history = await h.bot.ctx.store.history.get({ guildId: h.sim.guild('Big City Fans').id });
    for (const q of [...first, ...second]) expect(history.has(q.fact ?? '')).toBe(true);
  });

  it('given a series-only group at episode 4, a 30-round game has no film plot, nothing past episode 4 and never Gyu-ho', async () => {
    const general = h.channel('Big City Fans', 'general');
    await startQuiz(h, general, 'alice', { rounds: 30, seconds: 10, spoilers: 'series-4' });
    const state = await savedState(h, general);
    if (!state) throw new Error('no saved quiz');
    expect(state.options.spoilers).toEqual({ film: false, series: 4, novel: 0 });
    expect(state.questions.length).toBeGreaterThan(10);
    for (const q of state.questions) {
      expect(q.reveals ?? [], q.id).not.toContain('film');
      for (const r of q.reveals ?? []) expect(r === 'series:1' || r === 'series:2' || r === 'series:3' || r === 'series:4', `${q.id}: ${r}`).toBe(true);
      expect(namesGyuHo(q), q.id).toBe(false);
    }
    const intro = h.sim.messages(general).filter((m) => !m.ephemeral).at(-1);
    expect(h.sim.renderMessage(intro ?? (undefined as never))).toContain('series episodes 1–4');
    await run(h, { channelId: general, userId: 'alice', name: 'quiz stop' });
  });

  it('given practice at series-4, twenty questions in a row never name Gyu-ho and never repeat a fact', async () => {
    const general = h.channel('Big City Fans', 'general');
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const answer = await run(h, { channelId: general, userId: 'bob', name: 'quiz practice', options: { spoilers: 'series-4' } });
      expect(answer.ephemeral).toBe(true);
      expect(answer.text).not.toMatch(/Gyu-ho|규호/);
      seen.add(answer.text);
    }
    expect(seen.size, [...seen].join('\n---\n')).toBe(20);
    const history = await h.bot.ctx.store.history.get({ userId: h.sim.userId('bob') });
    expect(history.size).toBe(20);
  });

  it('given a typed combination or a mistake, the spoilers option suggests the tracks and refuses what it cannot read', async () => {
    const general = h.channel('Big City Fans', 'general');
    const empty = await h.sim.autocomplete({ channelId: general, userId: 'alice', name: 'quiz start', focused: 'spoilers', value: '' });
    expect(empty.length).toBeLessThanOrEqual(25);
    expect(empty.map((c) => c.value)).toEqual(expect.arrayContaining(['none', 'film', 'series-4', 'film+series-4', 'all']));
    const typed = await h.sim.autocomplete({ channelId: general, userId: 'alice', name: 'quiz start', focused: 'spoilers', value: 'film series 3 novel 2' });
    expect(typed[0]?.value).toBe('film+series-3+novel-2');
    const combo = await h.sim.autocomplete({ channelId: general, userId: 'alice', name: 'quiz practice', focused: 'spoilers', value: 'film+novel-2' });
    expect(combo[0]?.value).toBe('film+novel-2');
    const bad = await ephemeralReply(
      h,
      h.sim.command({ channelId: general, userId: 'alice', name: 'quiz start', options: { spoilers: 'series-9' } }),
      'alice',
    );
    expect(bad).toContain('`spoilers` must be `none`, `film`, `series-N`');
  });
});

describe('settings saved by the first release', () => {
  it('keep their meaning: a stored cap "series-4" is the film and episodes 1–4, a default "film" stays the film', async () => {
    const guildId = h.sim.guild('Big City Fans').id;
    const file = h.databaseUrl.replace(/^sqlite:\/\//, '');
    await h.restart({
      whileDown: async () => {
        const logger = { info() {}, warn() {}, error() {}, debug() {} };
        const backend = await openSqliteBackend(path.resolve(file), { logger, clock: { now: () => Date.now() }, busyTimeoutMs: 5_000 });
        // Exactly what the first release wrote for `/config spoilers max:series-4` and `/config quiz-defaults rounds:5 spoilers:film`.
        await backend.kv.set(`settings:${guildId}`, {
          v: 1,
          settings: { quizChannels: [], maxSpoilers: 'series-4', quizRole: null, defaults: { rounds: 5, seconds: 20, difficulty: 'mixed', spoilers: 'film' } },
        });
        await backend.close();
      },
    });
    const general = h.channel('Big City Fans', 'general');
    const show = await run(h, { channelId: general, userId: 'mod', name: 'config show' });
    expect(show.text).toContain('Spoiler cap: `film+series-4`: the film, series episodes 1–4.');
    expect(show.text).toContain('5 questions · 20 s each · mixed · spoilers `film`');

    await startQuiz(h, general, 'alice', {});
    const state = await savedState(h, general);
    expect(state?.options.spoilers).toEqual({ film: true, series: 0, novel: 0 });
    expect(state?.questions).toHaveLength(5);
    await run(h, { channelId: general, userId: 'alice', name: 'quiz stop' });

    const refused = await run(h, { channelId: general, userId: 'alice', name: 'quiz start', options: { spoilers: 'all' } });
    expect(refused.ephemeral).toBe(true);
    expect(refused.text).toContain('This server allows spoilers up to `film+series-4`; `all` goes beyond that.');
    const allowed = await h.sim.autocomplete({ channelId: general, userId: 'alice', name: 'quiz start', focused: 'spoilers', value: '' });
    expect(allowed.map((c) => c.value)).not.toContain('all');
    expect(allowed.map((c) => c.value)).toContain('film+series-4');
  });
});
