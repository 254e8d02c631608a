import { describe, expect, it } from 'vitest';
import { NO_SPOILERS } from '../../src/data/spoilers.js';
import { ACKS_PER_TURN, QuizEntry, type EntrySessions } from '../../src/quiz/entry.js';
import { createSession, type AnswerBatch } from '../../src/quiz/session.js';
import { Q_EASY_FILM_DIRECTOR } from './fixtures/questions.js';

const T0 = Date.UTC(2026, 2, 14, 20, 0, 0);
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function entryWithLog(): { entry: QuizEntry; written: number[]; release: () => void } {
  const state = createSession({
    id: 'sess0001',
    guildId: 'g1',
    channelId: 'c1',
    hostId: 'host',
    options: { rounds: 1, seconds: 20, scope: 'all', difficulty: 'mixed', spoilers: NO_SPOILERS },
    questions: [Q_EASY_FILM_DIRECTOR],
    now: T0,
  });
  const written: number[] = [];
  let release: () => void = () => {};
  const sessions: EntrySessions = {
    put: async () => {},
    // The first write waits until the test lets it finish: every answer is pending by then.
    appendAnswers: (_channelId, _seq, batch) =>
      new Promise<void>((resolve) => {
        written.push((batch as AnswerBatch).answers.length);
        release = resolve;
      }),
    deleteAnswers: async () => {},
  };
  const logger = { debug() {}, info() {}, warn() {}, error() {} };
  return { entry: new QuizEntry(state, { sessions, logger }), written, release: () => release() };
}

describe('a group commit of answers', () => {
  // Three full turns and a part of a fourth.
  const count = ACKS_PER_TURN * 3 + 2;
  it(`given ${count} answers saved in one write, they are told "locked in" ${ACKS_PER_TURN} per turn of the event loop, in click order`, async () => {
    const { entry, written, release } = entryWithLog();
    const told: string[] = [];
    const players = Array.from({ length: count }, (_, i) => `p${i}`);
    const saved = players.map((p, i) => entry.accept(p, { option: i % 4, at: T0 + i }).then((ok) => (ok ? told.push(p) : undefined)));
    // The commit waits one turn for clicks arriving together, then writes them all in one batch.
    while (written.length === 0) await nextTurn();
    expect(written).toEqual([count]);
    expect(told).toEqual([]);

    release();
    const perTurn: number[] = [];
    let before = 0;
    while (told.length < players.length) {
      await nextTurn();
      perTurn.push(told.length - before);
      before = told.length;
    }
    await Promise.all(saved);
    expect(told).toEqual(players);
    expect(Math.max(...perTurn)).toBe(ACKS_PER_TURN);
    const chunks = Array.from({ length: Math.ceil(players.length / ACKS_PER_TURN) }, (_, i) => Math.min(ACKS_PER_TURN, players.length - i * ACKS_PER_TURN));
    expect(perTurn.filter((n) => n > 0)).toEqual(chunks);
  });
});
