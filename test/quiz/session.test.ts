import { describe, expect, it } from 'vitest';
import {
  abandonRound,
  answersFromLog,
  beginRound,
  closeRound,
  createSession,
  isSessionState,
  lastRevealOf,
  leaders,
  nextStep,
  optionLabel,
  quizLang,
  reopenRound,
  restoreSessionState,
  roundsPlayed,
  sessionStateProblem,
  standings,
  stopSession,
  submitAnswer,
  uncommittedRound,
  withGameRecorded,
  withRoundCommitted,
  type SessionState,
} from '../../src/quiz/session.js';
import { dataset } from '../../src/data/index.js';
import { ALL_SPOILERS, NO_SPOILERS } from '../../src/data/spoilers.js';
import { buildBank } from '../../src/quiz/bank.js';
import { seededRng } from '../../src/quiz/rng.js';
import { createQuestionSource } from '../../src/quiz/sources.js';
import type { Question, QuizOptions } from '../../src/quiz/types.js';
import { MAX_SESSION_STATE_BYTES } from '../../src/store/index.js';
import { FIXTURE_QUESTIONS, Q_EASY_FILM_DIRECTOR, Q_EASY_TRUE_FALSE, Q_HARD_ACT3, Q_MEDIUM_EPISODES } from './fixtures/questions.js';

const T0 = Date.UTC(2026, 2, 14, 20, 0, 0);
const OPTIONS: QuizOptions = { rounds: 4, seconds: 20, scope: 'all', difficulty: 'mixed', spoilers: NO_SPOILERS };

function fresh(questions: readonly Question[] = [Q_EASY_FILM_DIRECTOR, Q_MEDIUM_EPISODES, Q_HARD_ACT3, Q_EASY_TRUE_FALSE]): SessionState {
  return createSession({ id: 'sess0001', guildId: 'g1', channelId: 'c1', hostId: 'host', options: OPTIONS, questions, now: T0 });
}

/** Answers then closes a round; returns the closed state. */
function playRound(state: SessionState, at: number, clicks: readonly [string, number, number][]) {
  let s = beginRound(state, at, 'msg');
  for (const [userId, option, delay] of clicks) {
    const r = submitAnswer(s, userId, option, at + delay);
    expect(r.outcome).toBe('locked');
    s = r.state;
  }
  return closeRound(s, at + OPTIONS.seconds * 1000);
}

describe('session state machine', () => {
  it('given no questions, creating a session throws', () => {
    expect(() => fresh([])).toThrow(/at least one question/);
  });

  it('given a new session, it is in the intro with no round and nothing to answer', () => {
    const s = fresh();
    expect(s.phase).toBe('intro');
    expect(s.round).toBe(-1);
    expect(submitAnswer(s, 'alice', 0, T0).outcome).toBe('closed');
    expect(roundsPlayed(s)).toBe(0);
  });

  it('given a round begins, it closes `seconds` later and accepts one answer per player', () => {
    const s = beginRound(fresh(), T0 + 1000, 'msg1');
    expect(s).toMatchObject({ phase: 'asking', round: 0, askedAt: T0 + 1000, closesAt: T0 + 21_000, questionMessageId: 'msg1' });

    const first = submitAnswer(s, 'alice', 2, T0 + 2000);
    expect(first.outcome).toBe('locked');
    const second = submitAnswer(first.state, 'alice', 1, T0 + 3000);
    expect(second.outcome).toBe('already-answered');
    expect(second.state.answers['alice']).toEqual({ option: 2, at: T0 + 2000 });
  });

  it('given a click at or after closesAt, it is closed even before the round is closed', () => {
    const s = beginRound(fresh(), T0, 'msg1');
    expect(submitAnswer(s, 'alice', 1, T0 + 19_999).outcome).toBe('locked');
    expect(submitAnswer(s, 'alice', 1, T0 + 20_000).outcome).toBe('closed');
    expect(submitAnswer(s, 'bob', 1, T0 + 60_000).outcome).toBe('closed');
  });

  it('given an option that does not exist, the click is invalid and changes nothing', () => {
    const s = beginRound(fresh(), T0, 'msg1');
    for (const option of [-1, 4, 1.5, Number.NaN]) {
      const r = submitAnswer(s, 'alice', option, T0 + 1);
      expect(r.outcome).toBe('invalid-option');
      expect(r.state).toBe(s);
    }
  });

  it('given a user id like __proto__, it is stored as a plain answer and survives JSON', () => {
    let s = beginRound(fresh(), T0, 'msg1');
    s = submitAnswer(s, '__proto__', 1, T0 + 1).state;
    expect(submitAnswer(s, '__proto__', 1, T0 + 2).outcome).toBe('already-answered');
    expect(submitAnswer(s, 'constructor', 1, T0 + 2).outcome).toBe('locked');
    const { state, reveal } = closeRound(s, T0 + 20_000);
    expect(reveal.results.map((r) => r.userId)).toEqual(['__proto__']);
    const copy = JSON.parse(JSON.stringify(state)) as SessionState;
    expect(Object.hasOwn(copy.players, '__proto__')).toBe(true);
    expect(standings(copy).map((p) => p.userId)).toEqual(['__proto__']);
  });

  it('given answers, closing scores them, lists the right ones fastest first and counts the options', () => {
    // Easy question, answer index 1, 20 s window.
    let s = beginRound(fresh(), T0, 'msg1');
    for (const [user, option, at] of [
      ['carol', 1, 10_000],
      ['alice', 1, 0],
      ['bob', 3, 1_000],
      ['dave', 1, 5_000],
    ] as const) {
      s = submitAnswer(s, user, option, T0 + at).state;
    }
    const { state, reveal } = closeRound(s, T0 + 20_000);
    expect(reveal.correct).toBe(1);
    // Each scorer's points with why: the base of an easy question and the speed bonus (no streak yet).
    expect(reveal.winners).toEqual([
      { userId: 'alice', points: 150, elapsedMs: 0, base: 100, speedBonus: 50, streakBonus: 0, streak: 1 },
      { userId: 'dave', points: 137, elapsedMs: 5_000, base: 100, speedBonus: 37, streakBonus: 0, streak: 1 },
      { userId: 'carol', points: 125, elapsedMs: 10_000, base: 100, speedBonus: 25, streakBonus: 0, streak: 1 },
    ]);
    expect(reveal.results).toEqual([
      { userId: 'alice', points: 150, correct: true, streak: 1 },
      { userId: 'bob', points: 0, correct: false, streak: 0 },
      { userId: 'dave', points: 137, correct: true, streak: 1 },
      { userId: 'carol', points: 125, correct: true, streak: 1 },
    ]);
    expect(reveal.optionCounts).toEqual([0, 3, 0, 1]);
    expect(state.phase).toBe('revealing');
    expect(state.players['bob']).toEqual({ points: 0, correct: 0, answered: 1, streak: 0, bestStreak: 0 });
    // The state keeps the round without what its answers already say; the reveal is rebuilt from them.
    expect(state.lastReveal).toEqual({ round: 0, questionId: Q_EASY_FILM_DIRECTOR.id, correct: 1, results: reveal.results, closedAt: T0 + 20_000 });
    expect(lastRevealOf(state)).toEqual(reveal);
    expect(lastRevealOf(JSON.parse(JSON.stringify(state)) as SessionState)).toEqual(reveal);
    expect(roundsPlayed(state)).toBe(1);
  });

  it('given a player skips a round, their streak resets but their points stay', () => {
    let s = fresh();
    s = playRound(s, T0, [['alice', 1, 20_000 - 1]]).state; // easy, correct, ~no speed bonus
    s = playRound(s, T0 + 30_000, [['alice', 1, 20_000 - 1]]).state; // medium, correct, streak bonus 15
    expect(s.players['alice']).toMatchObject({ points: 100 + 165, streak: 2, bestStreak: 2 });
    s = playRound(s, T0 + 60_000, [['bob', 0, 0]]).state; // alice silent
    expect(s.players['alice']).toMatchObject({ points: 265, streak: 0, bestStreak: 2, answered: 2 });
    s = playRound(s, T0 + 90_000, [['alice', 0, 20_000 - 1]]).state; // easy true/false, no streak bonus any more
    expect(s.players['alice']).toMatchObject({ points: 365, streak: 1, bestStreak: 2, correct: 3, answered: 3 });
  });

  it('given three silent rounds in a row, the next step is an early end; an answer resets the count', () => {
    let s = fresh(FIXTURE_QUESTIONS);
    s = playRound(s, T0, []).state;
    s = playRound(s, T0 + 30_000, []).state;
    expect(nextStep(s)).toEqual({ kind: 'ask' });
    s = playRound(s, T0 + 60_000, [['alice', 0, 1]]).state;
    expect(s.silentRounds).toBe(0);
    s = playRound(s, T0 + 90_000, []).state;
    s = playRound(s, T0 + 120_000, []).state;
    expect(nextStep(s)).toEqual({ kind: 'ask' });
    s = playRound(s, T0 + 150_000, []).state;
    expect(nextStep(s)).toEqual({ kind: 'end', reason: 'inactive' });
  });

  it('given the last round is closed, the next step is the end and no round can begin', () => {
    let s = fresh([Q_EASY_FILM_DIRECTOR, Q_MEDIUM_EPISODES]);
    s = playRound(s, T0, [['alice', 1, 0]]).state;
    expect(nextStep(s)).toEqual({ kind: 'ask' });
    s = playRound(s, T0 + 30_000, [['alice', 1, 0]]).state;
    expect(nextStep(s)).toEqual({ kind: 'end', reason: 'completed' });
    expect(() => beginRound(s, T0 + 60_000)).toThrow(/every round/);
  });

  it('given a round is open, stopping throws until it is closed; a second stop keeps the first reason', () => {
    const asking = beginRound(fresh(), T0, 'msg');
    expect(() => stopSession(asking, 'stopped', T0)).toThrow(/close the open round/);
    const closed = closeRound(asking, T0 + 5_000).state;
    const stopped = stopSession(closed, 'stopped', T0 + 6_000);
    expect(stopped).toMatchObject({ phase: 'finished', endedReason: 'stopped', endedAt: T0 + 6_000 });
    expect(stopSession(stopped, 'error', T0 + 7_000)).toBe(stopped);
    expect(() => closeRound(stopped, T0)).toThrow(/no open round/);
    expect(() => beginRound(stopped, T0)).toThrow(/phase finished/);
  });

  it('given a state saved as JSON and read back, closing it gives exactly the same reveal (crash safety)', () => {
    let s = beginRound(fresh(), T0, 'msg1');
    s = submitAnswer(s, 'alice', 1, T0 + 1234).state;
    s = submitAnswer(s, 'bob', 0, T0 + 2345).state;
    const copy: unknown = JSON.parse(JSON.stringify(s));
    expect(isSessionState(copy)).toBe(true);
    expect(copy).toEqual(s);
    expect(closeRound(copy as SessionState, T0 + 20_000)).toEqual(closeRound(s, T0 + 20_000));
  });

  it('given damaged saved states, each is rejected with a reason', () => {
    const good = beginRound(fresh(), T0, 'msg1');
    const broken: [string, unknown][] = [
      ['null', null],
      ['an old version', { ...good, version: 0 }],
      ['no questions', { ...good, questions: [] }],
      ['a question with its answer out of range', { ...good, questions: [{ ...Q_HARD_ACT3, answer: 9 }] }],
      ['an unknown phase', { ...good, phase: 'paused' }],
      ['a round past the end', { ...good, round: 4 }],
      ['an open round without times', { ...good, closesAt: null }],
      ['a malformed answer', { ...good, answers: { alice: { option: 'B', at: 1 } } }],
      ['malformed totals', { ...good, players: { alice: { points: '10' } } }],
      ['revealing without a reveal', { ...good, phase: 'revealing', lastReveal: null }],
    ];
    for (const [name, value] of broken) {
      expect(sessionStateProblem(value), name).not.toBeNull();
    }
    expect(sessionStateProblem(good)).toBeNull();
  });

  it('given a question that was never shown, reopening gives it a full window again', () => {
    const s = beginRound(fresh(), T0, null);
    const reopened = reopenRound(s, T0 + 60_000);
    expect(reopened).toMatchObject({ askedAt: T0 + 60_000, closesAt: T0 + 80_000, round: 0, questionMessageId: null });
    const answered = submitAnswer(s, 'alice', 1, T0 + 1).state;
    expect(() => reopenRound(answered, T0 + 60_000)).toThrow(/already has answers/);
  });

  it('given a round nobody could see, abandoning it takes it back so it does not count as played', () => {
    const first = abandonRound(beginRound(fresh(), T0, null));
    expect(first).toMatchObject({ phase: 'intro', round: -1, askedAt: null, closesAt: null });
    expect(sessionStateProblem(first)).toBeNull();

    const afterOne = playRound(fresh(), T0, [['alice', 1, 0]]).state;
    const second = abandonRound(beginRound(afterOne, T0 + 30_000, null));
    expect(second).toMatchObject({ phase: 'revealing', round: 0 });
    expect(roundsPlayed(second)).toBe(1);
    expect(sessionStateProblem(second)).toBeNull();
    expect(stopSession(second, 'error', T0 + 31_000).players).toEqual(afterOne.players);

    const answered = submitAnswer(beginRound(fresh(), T0, null), 'alice', 1, T0 + 1).state;
    expect(() => abandonRound(answered)).toThrow(/already has answers/);
  });

  it('given equal points, players share a rank and the order is stable', () => {
    let s = fresh();
    s = playRound(s, T0, [
      ['bob', 1, 0],
      ['alice', 1, 0],
      ['carol', 1, 10_000],
      ['dave', 0, 0],
    ]).state;
    expect(standings(s).map((p) => [p.rank, p.userId, p.points])).toEqual([
      [1, 'alice', 150],
      [1, 'bob', 150],
      [3, 'carol', 125],
      [4, 'dave', 0],
    ]);
  });

  it('given many players with tied points, the leaders are the first rows of the standings, ranks and all', () => {
    const rng = seededRng(7);
    const int = (n: number): number => Math.floor(rng.next() * n);
    const players: Record<string, SessionState['players'][string]> = {};
    for (let i = 0; i < 500; i++) {
      // Few distinct values, so that ties on points, correct answers and streaks are common.
      const correct = int(4);
      players[`user${int(1_000)}-${i}`] = { points: correct * 100 + int(3) * 25, correct, answered: 4, streak: 0, bestStreak: int(3) };
    }
    const s: SessionState = { ...fresh(), players };
    for (const count of [0, 1, 5, 17, 500, 600]) expect(leaders(s, count)).toEqual(standings(s).slice(0, count));
    expect(leaders(fresh(), 5)).toEqual([]);
  });

  it('given a true/false question, its options are labelled True and False; others A to D', () => {
    expect([0, 1].map((i) => optionLabel(Q_EASY_TRUE_FALSE, i))).toEqual(['True', 'False']);
    expect([0, 1, 2, 3].map((i) => optionLabel(Q_HARD_ACT3, i))).toEqual(['A', 'B', 'C', 'D']);
  });

  it('given a closed round, it is uncommitted until marked, and the marks only move forward', () => {
    const closed = playRound(fresh(), T0, [['alice', 1, 1_000]]).state;
    expect(uncommittedRound(closed)).toBe(closed.lastReveal);
    const committed = withRoundCommitted(closed, 0);
    expect(uncommittedRound(committed)).toBeNull();
    expect(withRoundCommitted(committed, -1)).toBe(committed);
    const next = playRound(committed, T0 + 30_000, [['alice', 1, 1_000]]).state;
    expect(uncommittedRound(next)?.round).toBe(1);
    expect(withGameRecorded(stopSession(next, 'completed', T0 + 60_000))).toMatchObject({ gameRecorded: true });
  });

  it('given states saved before commit marks existed, restoring them commits again only a closed round that no later round followed', () => {
    const unmarked = (state: SessionState): unknown => {
      const { committedRound: _c, gameRecorded: _g, ...rest } = state;
      return JSON.parse(JSON.stringify(rest));
    };
    const revealing = playRound(fresh(), T0, [['alice', 1, 1_000]]).state;
    const asking = beginRound(revealing, T0 + 30_000, 'msg2');
    const restore = (state: SessionState) => {
      const restored = restoreSessionState(unmarked(state));
      if (!('state' in restored)) throw new Error(restored.problem);
      return restored.state;
    };
    expect(restore(fresh())).toMatchObject({ committedRound: -1, gameRecorded: false });
    expect(uncommittedRound(restore(revealing))?.round).toBe(0);
    expect(uncommittedRound(restore(asking))).toBeNull();
    expect(uncommittedRound(restore(stopSession(revealing, 'stopped', T0 + 25_000)))?.round).toBe(0);
    expect(restoreSessionState({ ...revealing, committedRound: 'no' })).toEqual({ problem: 'committedRound is malformed' });
  });

  it.each([
    ['series-4', { film: true, series: 4, novel: 0 }],
    ['series-1', { film: true, series: 1, novel: 0 }],
    ['film', { film: true, series: 0, novel: 0 }],
    ['none', { film: false, series: 0, novel: 0 }],
    ['all', { film: true, series: 8, novel: 4 }],
  ])("given a state saved by the first release with spoilers '%s', it restores with the setting that meant", (old, expected) => {
    // The first release saved its spoiler ladder as text, and its questions with a horizon and no fact.
    const saved = JSON.parse(JSON.stringify(fresh())) as Record<string, unknown> & { options: Record<string, unknown>; questions: Record<string, unknown>[] };
    saved.options['spoilers'] = old;
    saved.questions = saved.questions.map(({ reveals: _r, ...q }) => ({ ...q, horizon: 'none', topic: `topic:${String(q['id'])}` }));
    const restored = restoreSessionState(saved);
    if (!('state' in restored)) throw new Error(restored.problem);
    expect(restored.state.options).toEqual({ ...OPTIONS, spoilers: expected });
    expect(restored.state.questions.map((q) => q.prompt)).toEqual(fresh().questions.map((q) => q.prompt));
    expect(restored.state.questions.every((q) => q.fact === undefined)).toBe(true);
  });

  it('given a saved state, its spoiler setting round-trips; an unreadable one restores as no spoilers', () => {
    const withSetting = (spoilers: unknown): unknown => ({ ...JSON.parse(JSON.stringify(fresh())), options: { ...OPTIONS, spoilers } });
    const restore = (state: unknown) => {
      const restored = restoreSessionState(state);
      if (!('state' in restored)) throw new Error(restored.problem);
      return restored.state.options.spoilers;
    };
    expect(restore(withSetting({ film: false, series: 4, novel: 2 }))).toEqual({ film: false, series: 4, novel: 2 });
    expect(restore(withSetting(ALL_SPOILERS))).toEqual(ALL_SPOILERS);
    for (const bad of ['series-9', 'film+series-4', { film: 'yes', series: 0, novel: 0 }, { film: true, series: 9, novel: 0 }, null, 7]) {
      expect(restore(withSetting(bad)), JSON.stringify(bad)).toEqual(NO_SPOILERS);
    }
  });

  it("given a 30-round game with 5,000 players all answering, its saved state fits the store's limit more than three times over", async () => {
    const options: QuizOptions = { rounds: 30, seconds: 60, scope: 'all', difficulty: 'mixed', spoilers: ALL_SPOILERS };
    const questions = await createQuestionSource(buildBank(dataset))(options, seededRng(30), '1300000000000000001');
    expect(questions).toHaveLength(30);
    const players = Array.from({ length: 5_000 }, (_, i) => String(1_400_000_000_000_000_000n + BigInt(i)));
    let s = createSession({ id: 'abcdef0123456789', guildId: '1300000000000000001', channelId: '1300000000000000002', hostId: '1300000000000000003', options, questions, now: T0 });
    const sizes: number[] = [];
    for (let round = 0; round < 2; round++) {
      s = beginRound(s, T0 + round * 90_000, '1300000000000000009');
      const question = questions[round]!;
      const askedAt = s.askedAt!;
      // Every player answers (a quarter of them wrong), at distinct times, as clicks would.
      s = {
        ...s,
        answers: Object.fromEntries(
          players.map((userId, i) => [userId, { option: i % 4 === 0 ? (question.answer + 1) % question.options.length : question.answer, at: askedAt + 100 + i * 11 }]),
        ),
      };
      sizes.push(Buffer.byteLength(JSON.stringify(s)));
      s = closeRound(s, s.closesAt!).state;
      sizes.push(Buffer.byteLength(JSON.stringify(s)));
    }
    expect(Object.keys(s.players)).toHaveLength(5_000);
    expect(Math.max(...sizes) * 3).toBeLessThan(MAX_SESSION_STATE_BYTES);
  });
});

describe('saved states and the quiz language', () => {
  it('given a state saved by the previous release (no language, no breakdown), it restores in English and its reveal shows each scorer\'s breakdown', () => {
    // Easy question, 20 s: alice right at 5 s, bob wrong; then medium, alice right again at once (streak 2).
    const s = playRound(fresh(), T0, [['alice', 1, 5_000], ['bob', 0, 6_000]]).state;
    let next = beginRound(s, T0 + 30_000, 'm2');
    next = submitAnswer(next, 'alice', 1, T0 + 30_000).state;
    const closed = closeRound(next, T0 + 50_000);
    // Exactly the JSON of the previous release: it had no `lang` in the options.
    const saved = JSON.parse(JSON.stringify(closed.state)) as Record<string, unknown> & { options: Record<string, unknown> };
    delete saved.options['lang'];
    const restored = restoreSessionState(saved);
    if (!('state' in restored)) throw new Error(restored.problem);
    expect(restored.state.options.lang).toBeUndefined();
    expect(quizLang(restored.state)).toBe('en');
    const reveal = lastRevealOf(restored.state);
    expect(reveal).toEqual(closed.reveal);
    expect(reveal?.winners).toEqual([{ userId: 'alice', points: 150 + 75 + 15, elapsedMs: 0, base: 150, speedBonus: 75, streakBonus: 15, streak: 2 }]);
  });

  it('given a saved language, it is kept; an unknown one restores as English', () => {
    const withLang = (lang: unknown): unknown => ({ ...JSON.parse(JSON.stringify(fresh())), options: { ...OPTIONS, lang } });
    const restore = (state: unknown) => {
      const restored = restoreSessionState(state);
      if (!('state' in restored)) throw new Error(restored.problem);
      return restored.state;
    };
    expect(quizLang(restore(withLang('ko')))).toBe('ko');
    expect(restore(withLang('ko')).options.lang).toBe('ko');
    for (const bad of ['fr', 7, null, { ko: true }]) {
      const state = restore(withLang(bad));
      expect(quizLang(state), JSON.stringify(bad)).toBe('en');
      expect('lang' in state.options).toBe(false);
    }
  });
});

describe('the answer log read back', () => {
  it('given an unreadable batch (null) among the round\'s batches, it is skipped in place and the log goes on after it; another round ends it', () => {
    const s = beginRound(fresh(), T0, null);
    const batch = (round: number, rows: [string, number, number][]) => ({ v: 1, sessionId: s.id, round, answers: rows });
    const read = answersFromLog(s, [batch(0, [['alice', 1, T0 + 5]]), null, batch(0, [['bob', 2, T0 + 9], ['alice', 3, T0 + 10]]), batch(1, [['carol', 0, T0]])]);
    expect([...read.answers]).toEqual([
      ['alice', { option: 1, at: T0 + 5 }],
      ['bob', { option: 2, at: T0 + 9 }],
    ]);
    // Three places are the round's: the next batch goes after the unreadable one, not over a good one.
    expect(read.batches).toBe(3);
    expect(read.skipped).toBe(2);
  });
});
