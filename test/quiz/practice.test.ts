import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createPracticeService,
  DEFAULT_PRACTICE_TTL_MS,
  parsePracticeButtonId,
  practiceButtonId,
  type PracticeDeps,
  type PracticeSource,
} from '../../src/quiz/practice.js';
import { NO_SPOILERS } from '../../src/data/spoilers.js';
import { seededRng } from '../../src/quiz/rng.js';
import type { Question } from '../../src/quiz/types.js';
import { Q_EASY_TRUE_FALSE, Q_HARD_ACT3 } from './fixtures/questions.js';
import { ALICE, BOB, createWorld, type World } from './fixtures/harness.js';

let w: World;

beforeEach(async () => {
  w = await createWorld();
});

afterEach(async () => {
  await w.store.close();
});

const always =
  (question = Q_HARD_ACT3): PracticeSource =>
  () =>
    question;

function service(overrides: Partial<PracticeDeps> = {}) {
  let n = 0;
  return createPracticeService({
    store: w.store,
    pick: always(),
    clock: w.clock,
    rng: seededRng(1),
    logger: w.logger,
    newToken: () => `tok${++n}`,
    ...overrides,
  });
}

const request = { spoilers: NO_SPOILERS, scope: 'all', difficulty: 'mixed' } as const;

async function create(svc: ReturnType<typeof service>, userId = ALICE) {
  const created = await svc.create({ userId, ...request });
  if (!created.ok) throw new Error('no question');
  return created.view;
}

describe('practice', () => {
  it('given a correct answer, the caller sees the reveal and their practice stats, and no leaderboard changes', async () => {
    const svc = service();
    const view = await create(svc);
    expect(view).toMatchObject({ token: 'tok1', prompt: Q_HARD_ACT3.prompt, expiresAt: w.clock.now() + DEFAULT_PRACTICE_TTL_MS });
    expect(view.options.map((o) => [o.label, o.customId])).toEqual([
      ['A', 'practice:tok1:0'],
      ['B', 'practice:tok1:1'],
      ['C', 'practice:tok1:2'],
      ['D', 'practice:tok1:3'],
    ]);
    const outcome = svc.answerButton('practice:tok1:0', ALICE);
    expect(outcome).toMatchObject({
      kind: 'correct',
      reveal: { chosen: 0, correct: 0, correctLabel: 'A', correctText: 'Hong Ji-young', sources: ['article:001'], disabled: true },
    });
    if (outcome.kind !== 'correct') throw new Error('unreachable');
    expect(await outcome.recorded).toEqual({ answered: 1, correct: 1 });
    expect(await w.store.scores.practiceStats(ALICE)).toEqual({ answered: 1, correct: 1 });
    expect(await w.store.scores.stats(ALICE, 'global', 'all-time')).toBeUndefined();
  });

  it('given a wrong answer, it counts as answered but not correct', async () => {
    const svc = service({ pick: always(Q_EASY_TRUE_FALSE) });
    const view = await create(svc);
    expect(view.options.map((o) => o.label)).toEqual(['True', 'False']);
    const outcome = svc.answer({ token: view.token, option: 1, userId: ALICE });
    expect(outcome).toMatchObject({ kind: 'wrong', reveal: { chosen: 1, correct: 0, correctLabel: 'True' } });
    await svc.idle();
    expect(await w.store.scores.practiceStats(ALICE)).toEqual({ answered: 1, correct: 0 });
  });

  it('given a second click, or a click by someone else, each gets a clear answer and nothing more is recorded', async () => {
    const svc = service();
    const view = await create(svc);
    expect(svc.answer({ token: view.token, option: 1, userId: BOB })).toEqual({ kind: 'not-yours' });
    expect(svc.answer({ token: view.token, option: 0, userId: ALICE }).kind).toBe('correct');
    expect(svc.answer({ token: view.token, option: 0, userId: ALICE })).toEqual({ kind: 'already-answered' });
    expect(svc.answer({ token: view.token, option: 1, userId: BOB })).toEqual({ kind: 'not-yours' });
    await svc.idle();
    expect(await w.store.scores.practiceStats(ALICE)).toEqual({ answered: 1, correct: 1 });
    expect(await w.store.scores.practiceStats(BOB)).toEqual({ answered: 0, correct: 0 });
  });

  it('given the question has expired, or was asked before a restart, the click is expired', async () => {
    const svc = service({ ttlMs: 60_000 });
    const view = await create(svc);
    w.clock.advance(60_000);
    expect(svc.answer({ token: view.token, option: 0, userId: ALICE })).toEqual({ kind: 'expired' });
    expect(service().answerButton('practice:tok1:0', ALICE)).toEqual({ kind: 'expired' });
    await svc.idle();
    expect(await w.store.scores.practiceStats(ALICE)).toEqual({ answered: 0, correct: 0 });
  });

  it('given malformed ids or an option the question does not have, the click is unknown and the question stays open', async () => {
    const svc = service();
    const view = await create(svc);
    for (const id of ['', 'practice:', 'practice:tok1', 'practice:tok1:', 'practice:tok1:01', 'practice:tok1:0:0', 'practice:to:0', 'quiz:tok1:0:0', `practice:${'x'.repeat(40)}:0`]) {
      expect(parsePracticeButtonId(id), id).toBeNull();
      expect(svc.answerButton(id, ALICE), id).toEqual({ kind: 'unknown' });
    }
    expect(svc.answer({ token: view.token, option: 4, userId: ALICE })).toEqual({ kind: 'unknown' });
    expect(svc.answer({ token: view.token, option: 0, userId: ALICE }).kind).toBe('correct');
    expect(() => practiceButtonId('bad token', 0)).toThrow(RangeError);
  });

  it('given no question fits, create says so', async () => {
    expect(await service({ pick: () => undefined }).create({ userId: ALICE, ...request })).toEqual({ ok: false, reason: 'no-questions' });
    expect(await service({ pick: async () => undefined }).create({ userId: ALICE, ...request })).toEqual({ ok: false, reason: 'no-questions' });
  });

  it('given a source that answers later, the question it picks for this player is the one asked', async () => {
    const asked: unknown[] = [];
    const svc = service({
      pick: async (req, _rng, userId) => {
        asked.push({ req, userId });
        return Q_EASY_TRUE_FALSE;
      },
    });
    const view = await create(svc, BOB);
    expect(asked).toEqual([{ req: request, userId: BOB }]);
    expect(view.prompt).toBe(Q_EASY_TRUE_FALSE.prompt);
    expect(svc.answer({ token: view.token, option: 0, userId: BOB }).kind).toBe('correct');
  });

  it("given a question with a fact, the fact is remembered in the player's history (not the server's)", async () => {
    const withFact: Question = { ...Q_HARD_ACT3, fact: 'crew:act-3' };
    const svc = service({ pick: always(withFact) });
    await create(svc);
    expect([...(await w.store.history.get({ userId: ALICE }))]).toEqual([['crew:act-3', w.clock.now()]]);
    expect((await w.store.history.get({ userId: BOB })).size).toBe(0);
    // A question without a fact (saved by the first release) leaves no trace.
    await service({ pick: always(Q_HARD_ACT3) }).create({ userId: BOB, ...request });
    expect((await w.store.history.get({ userId: BOB })).size).toBe(0);
  });

  it('given the history cannot be written, the question is still asked and the failure is logged', async () => {
    const svc = service({
      pick: always({ ...Q_HARD_ACT3, fact: 'crew:act-3' }),
      store: { scores: w.store.scores, history: { record: () => Promise.reject(new Error('disk full')) } },
    });
    const view = await create(svc);
    expect(view.prompt).toBe(Q_HARD_ACT3.prompt);
    expect(w.logger.at('warn').some((e) => e.msg?.includes('could not remember'))).toBe(true);
    expect(svc.answer({ token: view.token, option: 0, userId: ALICE }).kind).toBe('correct');
  });

  it('given the store fails, the player still gets the answer and the failure is logged', async () => {
    const svc = service({
      store: { scores: { recordPractice: () => Promise.reject(new Error('disk full')) } },
    });
    const view = await create(svc);
    const outcome = svc.answer({ token: view.token, option: 0, userId: ALICE });
    expect(outcome.kind).toBe('correct');
    if (outcome.kind !== 'correct') throw new Error('unreachable');
    expect(await outcome.recorded).toBeNull();
    expect(w.logger.at('error').some((e) => e.msg?.includes('could not record'))).toBe(true);
  });

  it('given many questions over time, expired ones are forgotten and the pending count stays bounded', async () => {
    const svc = service({ ttlMs: 1_000, maxPending: 3 });
    await create(svc);
    await create(svc);
    expect(svc.pending()).toBe(2);
    w.clock.advance(1_000);
    await create(svc);
    expect(svc.pending()).toBe(1);
    for (let i = 0; i < 5; i++) await create(svc);
    expect(svc.pending()).toBe(3);
    // The oldest were evicted: their buttons now say expired.
    expect(svc.answerButton('practice:tok3:0', ALICE)).toEqual({ kind: 'expired' });
    expect(svc.answerButton('practice:tok8:0', ALICE).kind).toBe('correct');
  });
});

describe('practice in the asker\'s language', () => {
  it('given a Korean asker, the source is asked for Korean and the question and its answer carry that language', async () => {
    const asked: (string | undefined)[] = [];
    const korean: Question = { ...Q_EASY_TRUE_FALSE, lang: 'ko', prompt: 'O/X 퀴즈: 영화는 2024년에 개봉했다.', options: ['O', 'X'] };
    const svc = service({ pick: (req) => (asked.push(req.lang), korean) });
    const created = await svc.create({ userId: ALICE, ...request, lang: 'ko' });
    if (!created.ok) throw new Error('no question');
    expect(asked).toEqual(['ko']);
    expect(created.view.lang).toBe('ko');
    expect(created.view.options.map((o) => o.label)).toEqual(['O', 'X']);
    const outcome = svc.answer({ token: created.view.token, option: 0, userId: ALICE });
    if (outcome.kind !== 'correct' && outcome.kind !== 'wrong') throw new Error(outcome.kind);
    expect(outcome.reveal).toMatchObject({ lang: 'ko', correctLabel: korean.options[korean.answer] });
    await svc.idle();
  });

  it('given a question saved without a language (English), the view is English', async () => {
    const svc = service();
    expect((await create(svc)).lang).toBe('en');
  });
});

describe('practice: Next question and Report under an answer', () => {
  it('given an answer, its reveal offers Next question and Report, and Next asks for the same player and settings, once', async () => {
    const asked: unknown[] = [];
    const svc = service({ pick: (req, _rng, userId) => (asked.push({ ...req, userId }), Q_HARD_ACT3) });
    const settings = { spoilers: { film: true, series: 4, novel: 0 }, scope: 'series', difficulty: 'hard', lang: 'ko' } as const;
    const created = await svc.create({ userId: ALICE, ...settings });
    if (!created.ok) throw new Error('no question');
    const outcome = svc.answerButton(`practice:${created.view.token}:1`, ALICE);
    if (outcome.kind !== 'correct' && outcome.kind !== 'wrong') throw new Error(outcome.kind);
    expect(outcome.reveal.next).toEqual({ customId: `practicenext:${created.view.token}` });
    expect(outcome.reveal.report).toEqual({ customId: `report:p:${Q_HARD_ACT3.id}` });

    const next = svc.nextButton(`practicenext:${created.view.token}`, ALICE);
    expect(next).toEqual({ kind: 'next', request: { userId: ALICE, ...settings } });
    if (next.kind !== 'next') throw new Error(next.kind);
    const again = await svc.create(next.request);
    expect(again.ok && again.view.token).toBe('tok2');
    expect(asked).toEqual([
      { ...settings, userId: ALICE },
      { ...settings, userId: ALICE },
    ]);
    // One next question per answer: a second press (a double click) is told so.
    expect(svc.nextButton(`practicenext:${created.view.token}`, ALICE)).toEqual({ kind: 'already-next' });
    await svc.idle();
  });

  it("given someone else's, an unanswered, a forged or an expired question, Next is refused", async () => {
    const svc = service();
    const view = await create(svc);
    // Not answered yet: the button does not exist, so a press is forged.
    expect(svc.nextButton(`practicenext:${view.token}`, ALICE)).toEqual({ kind: 'unknown' });
    svc.answerButton(`practice:${view.token}:0`, ALICE);
    expect(svc.nextButton(`practicenext:${view.token}`, BOB)).toEqual({ kind: 'not-yours' });
    for (const forged of ['practicenext:', 'practicenext:../x', `practicenext:${view.token}:1`, `practice:${view.token}:0`, `practicenext:${'a'.repeat(120)}`]) {
      expect(svc.nextButton(forged, ALICE), forged).toEqual({ kind: 'unknown' });
    }
    expect(svc.nextButton('practicenext:zzzz', ALICE)).toEqual({ kind: 'expired' });
    w.clock.advance(DEFAULT_PRACTICE_TTL_MS);
    expect(svc.nextButton(`practicenext:${view.token}`, ALICE)).toEqual({ kind: 'expired' });
    await svc.idle();
  });
});

describe('practice: the record line and Next question', () => {
  it('given Next pressed before the store counted the answer, the answer reports no stats to show (the message shows the next question)', async () => {
    let release: () => void = () => {};
    const slow = new Promise<void>((resolve) => (release = resolve));
    const svc = service({
      store: { scores: { recordPractice: async () => (await slow, { answered: 1, correct: 1 }) } },
    });
    const view = await create(svc);
    const outcome = svc.answerButton(`practice:${view.token}:0`, ALICE);
    if (outcome.kind !== 'correct') throw new Error(outcome.kind);
    expect(svc.nextButton(`practicenext:${view.token}`, ALICE).kind).toBe('next');
    release();
    expect(await outcome.recorded).toBeNull();
    await svc.idle();
  });
});
