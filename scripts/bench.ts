/**
 * `npm run bench`: prints, in one run,
 *  1. questions generated per second (and the per-game picker's throughput);
 *  2. score updates per second through the store next to raw sqlite3 inserts per second;
 *  3. leaderboard top-10 time for a guild with 100,000 players;
 *  4. memory per running quiz;
 *  5. the load benchmark (scripts/lib/bench-load.ts): the bot as its own process, as users run
 *     it, beside a bare discord.js client, with 500, 2,000 and 5,000 simulated members answering
 *     one question within a second through the local Discord simulator; then start-up time of
 *     `npm start`, `node dist/index.js` and the bare client; and the goals of issue 10;
 *  6. the score backends (scripts/lib/bench-backends.ts): SQLite, and PostgreSQL and Redis when
 *     BENCH_/TEST_POSTGRES_URL and BENCH_/TEST_REDIS_URL name them: round commits beside the engine's
 *     raw rate, leaderboard at 100,000 players, and two processes committing at once.
 * Each figure sits next to a baseline measured in the same run (a ratio) where one makes sense.
 * It never fails on a figure: no thresholds. Everything runs on 127.0.0.1 and temporary files,
 * every loop is bounded by a count and a time budget, and the temporary files are deleted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import sqlite3 from 'sqlite3';
import type { Dataset } from '../src/data/schema.js';
import { loadDataset } from '../src/data/validate.js';
import { createLogger, type Logger } from '../src/logger.js';
import { ALL_SPOILERS, NO_SPOILERS } from '../src/data/spoilers.js';
import { buildBank } from '../src/quiz/bank.js';
import { bankQuestions, pickQuestions } from '../src/quiz/generate.js';
import { manualClock, seededRng } from '../src/quiz/rng.js';
import { createQuizRunner, DEFAULT_TIMINGS, type QuizPorts } from '../src/quiz/runner.js';
import { createFakeScheduler } from '../src/quiz/scheduler.js';
import { createQuestionSource } from '../src/quiz/sources.js';
import type { QuizOptions } from '../src/quiz/types.js';
import { openStore, type AnswerResult, type Store } from '../src/store/index.js';
import { benchBackends } from './lib/bench-backends.js';
import { benchLoad } from './lib/bench-load.js';
import { exposeGc, settledMemory } from './lib/memory.js';
import { formatBytes, formatLatency, formatMs, formatNumber, formatRate, formatRatio, perSecond, sample, timeLoop } from './lib/stats.js';

/** How a section writes its report: a heading, aligned `label value` lines, indented notes. */
export interface Out {
  section(title: string): void;
  line(label: string, value: string): void;
  note(text: string): void;
}

function createOut(write: (text: string) => void): Out {
  return {
    section(title) {
      write(`\n${title}\n`);
    },
    line(label, value) {
      write(`  ${label.padEnd(50, ' ')} ${value}\n`);
    },
    note(text) {
      write(`    ${text}\n`);
    },
  };
}

const GAME: QuizOptions = { rounds: 10, seconds: 20, scope: 'all', difficulty: 'mixed', spoilers: NO_SPOILERS };

// ---------------------------------------------------------------------------------------------
// 1. Question generation

async function benchGeneration(out: Out, dataset: Dataset): Promise<void> {
  out.section('1. Question bank (src/quiz/bank.ts and generate.ts, the whole dataset)');
  const questions = bankQuestions(buildBank(dataset)).map((q) => q.question);
  const gen = await timeLoop(() => bankQuestions(buildBank(dataset)), 1_500, 500);
  const genRate = perSecond(gen.runs * questions.length, gen.ms);
  out.line('buildBank + every question, full dataset', `${formatRate(genRate, 'questions')} (${questions.length} per run, ${gen.runs} runs, ${formatMs(gen.ms / gen.runs)} per run)`);

  // Baseline: copying the same questions through JSON, a machine-speed yardstick for object-heavy work.
  const copy = await timeLoop(() => JSON.parse(JSON.stringify(questions)) as unknown, 700, 2_000);
  const copyRate = perSecond(copy.runs * questions.length, copy.ms);
  out.line('baseline: JSON round trip of those questions', `${formatRate(copyRate, 'questions')}`);
  out.line('generation / JSON copy', `${formatRatio(genRate, copyRate)} (generating a question costs ${formatRatio(copyRate, genRate)} a JSON copy of it)`);

  // What each /quiz start pays: picking a game from the bank built at start-up (createQuestionSource).
  const bank = buildBank(dataset);
  for (const [name, spoilers] of [['none', NO_SPOILERS], ['all', ALL_SPOILERS]] as const) {
    let picked = 0;
    const games = await timeLoop(
      (i) => {
        picked += pickQuestions(bank, { scope: 'all', difficulty: 'mixed', spoilers, rng: seededRng(i + 1), count: GAME.rounds }).length;
      },
      700,
      100_000,
    );
    out.line(`picker, a 10-question game, spoilers:${name}`, `${formatRate(perSecond(games.runs, games.ms), 'games')} · ${formatRate(perSecond(picked, games.ms), 'questions')} (${formatRatio(perSecond(picked, games.ms), genRate)} generation)`);
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Store vs raw sqlite3

function sqlite(file: string): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (err) => (err ? reject(err) : resolve(db)));
  });
}

function run(db: sqlite3.Database | sqlite3.Statement, sql: string | undefined, ...params: unknown[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null): void => (err ? reject(err) : resolve());
    if (db instanceof sqlite3.Statement) db.run(...params, done);
    else db.run(sql ?? '', ...params, done);
  });
}

function all<T>(db: sqlite3.Database, sql: string): Promise<T[]> {
  return new Promise((resolve, reject) => db.all(sql, (err: Error | null, rows: T[]) => (err ? reject(err) : resolve(rows))));
}

/** One round of a watch party: `players` of the guild's members answer, about 60 % correctly. */
function realisticRound(random: () => number, guildPlayers: number, players: number): AnswerResult[] {
  const chosen = new Set<number>();
  while (chosen.size < Math.min(players, guildPlayers)) chosen.add(Math.floor(random() * guildPlayers));
  return [...chosen].map((p) => {
    const correct = random() < 0.6;
    const base = [100, 150, 200][Math.floor(random() * 3)] ?? 100;
    return { userId: `u${p}`, points: correct ? base + Math.floor(random() * base * 0.5) : 0, correct, streak: correct ? 1 + Math.floor(random() * 4) : 0 };
  });
}

async function benchStore(out: Out, dir: string, logger: Logger): Promise<void> {
  out.section('2. Score updates through the store vs raw sqlite3 (same machine, same process, WAL, synchronous=NORMAL)');
  const PLAYERS_PER_ROUND = 8;
  const random = seededRng(2024);
  const clock = { now: () => Date.now() };

  const store = await openStore(`sqlite://${join(dir, 'scores.sqlite')}`, { logger, clock });
  let seq: { runs: number; ms: number };
  let par: { runs: number; ms: number };
  const GAMES = 8;
  try {
    // One game: rounds committed one after another, as the runner does for a quiz.
    seq = await timeLoop((i) => store.scores.commitRound('g0', `seq:${i}`, realisticRound(random.next.bind(random), 40, PLAYERS_PER_ROUND)), 2_500, 3_000);
    // Several games at once in several guilds: they meet on the global boards.
    const budgetEnd = performance.now() + 2_500;
    const start = performance.now();
    const counts = await Promise.all(
      Array.from({ length: GAMES }, async (_, g) => {
        let n = 0;
        while (n < 1_000 && performance.now() < budgetEnd) {
          await store.scores.commitRound(`g${g + 1}`, `par:${g}:${n}`, realisticRound(random.next.bind(random), 40, PLAYERS_PER_ROUND));
          n++;
        }
        return n;
      }),
    );
    par = { runs: counts.reduce((a, b) => a + b, 0), ms: performance.now() - start };
  } finally {
    await store.close();
  }

  const db = await sqlite(join(dir, 'raw.sqlite'));
  let raw: { runs: number; ms: number };
  let batched: { runs: number; ms: number };
  try {
    const mode = await all<{ journal_mode: string }>(db, 'PRAGMA journal_mode=WAL');
    if (mode[0]?.journal_mode !== 'wal') throw new Error('raw sqlite3 refused WAL mode');
    await run(db, 'PRAGMA synchronous=NORMAL');
    db.configure('busyTimeout', 5_000);
    await run(db, 'CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT)');
    // A value the size of a player's record on a board.
    const value = JSON.stringify({ value: { points: 1234, correct: 9, answered: 14, gamesPlayed: 2, bestStreak: 4, lastPlayed: Date.now(), recent: ['AbCdEfGhIjKlMnOp', 'QrStUvWxYz012345'] }, expires: null });
    const insert = db.prepare('INSERT INTO kv (key, value) VALUES (?, ?)');
    try {
      raw = await timeLoop((i) => run(insert, undefined, `raw:${i}`, value), 2_000, 50_000);
    } finally {
      await new Promise<void>((resolve) => insert.finalize(() => resolve()));
    }
    // The same rows eight to a statement, as one round's records on one board.
    const eight = `INSERT INTO kv (key, value) VALUES ${Array.from({ length: PLAYERS_PER_ROUND }, () => '(?, ?)').join(', ')}`;
    batched = await timeLoop((i) => run(db, eight, ...Array.from({ length: PLAYERS_PER_ROUND }, (_, k) => [`batch:${i}:${k}`, value]).flat()), 1_000, 20_000);
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }

  const rawRate = perSecond(raw.runs, raw.ms);
  const seqRate = perSecond(seq.runs * PLAYERS_PER_ROUND, seq.ms);
  const parRate = perSecond(par.runs * PLAYERS_PER_ROUND, par.ms);
  const batchRate = perSecond(batched.runs * PLAYERS_PER_ROUND, batched.ms);
  out.line('raw sqlite3: one INSERT per transaction', `${formatRate(rawRate, 'rows')} (${formatNumber(raw.runs)} rows, prepared statement)`);
  out.line('raw sqlite3: 8 rows per INSERT', `${formatRate(batchRate, 'rows')}`);
  out.line(`store.commitRound, 1 game, ${PLAYERS_PER_ROUND} players/round`, `${formatRate(perSecond(seq.runs, seq.ms), 'rounds')} = ${formatRate(seqRate, 'score updates')} · ${formatRatio(seqRate, rawRate)} raw inserts`);
  out.line(`store.commitRound, ${GAMES} games in parallel`, `${formatRate(perSecond(par.runs, par.ms), 'rounds')} = ${formatRate(parRate, 'score updates')} · ${formatRatio(parRate, rawRate)} raw inserts`);
  out.note('A score update is one player\'s result for one question; the store applies it to 4 boards (server and global,');
  out.note('all-time and month) with their leaderboard indexes, a crash journal and a cross-process lock per board.');
}

// ---------------------------------------------------------------------------------------------
// 3. Leaderboard with 100,000 players

async function benchLeaderboard(out: Out, dir: string, logger: Logger): Promise<void> {
  out.section('3. Leaderboard top 10 (with the caller\'s rank) for a server with 100,000 players (SQLite)');
  const PLAYERS = 100_000;
  const BATCH = 5_000;
  const store: Store = await openStore(`sqlite://${join(dir, 'leaderboard.sqlite')}`, { logger, clock: { now: () => Date.now() } });
  try {
    const random = seededRng(100_000);
    const fillStart = performance.now();
    for (let start = 0; start < PLAYERS; start += BATCH) {
      const results: AnswerResult[] = [];
      for (let i = start; i < start + BATCH; i++) {
        const points = Math.floor(random.next() * random.next() * 40_000);
        results.push({ userId: `p${i}`, points, correct: points > 0, streak: points > 0 ? 1 : 0 });
      }
      await store.scores.commitRound('big', `fill:${start}`, results);
    }
    const fillMs = performance.now() - fillStart;
    for (let i = 0; i < 10; i++) {
      await store.scores.commitRound('small', `small:${i}`, [{ userId: `s${i}`, points: 100 * (i + 1), correct: true, streak: 1 }]);
    }
    out.line('populating: 100,000 players in 20 rounds of 5,000', `${formatMs(fillMs)} (${formatRate(perSecond(PLAYERS, fillMs), 'players')})`);

    const check = await store.scores.leaderboard({ guildId: 'big' }, 'all-time', { userId: 'p4242' });
    out.line('check', `${formatNumber(check.total)} players on the board, top ${check.entries.length} listed, p4242 ranked ${formatNumber(check.me?.rank ?? Number.NaN)}`);

    const CALLS = 500;
    const asker = (i: number): string => `p${(i * 7_919) % PLAYERS}`;
    const big = await sample((i) => store.scores.leaderboard({ guildId: 'big' }, 'all-time', { limit: 10, userId: asker(i) }), CALLS, 50);
    const global = await sample((i) => store.scores.leaderboard('global', 'month', { limit: 10, userId: asker(i) }), CALLS, 20);
    const small = await sample((i) => store.scores.leaderboard({ guildId: 'small' }, 'all-time', { limit: 10, userId: `s${i % 10}` }), CALLS, 50);
    const stats = await sample((i) => store.scores.stats(asker(i), { guildId: 'big' }, 'all-time'), CALLS, 50);
    out.line('leaderboard, 100,000 players', formatLatency(big));
    out.line('leaderboard, global board this month (100,010)', formatLatency(global));
    out.line('baseline: leaderboard, 10 players', `${formatLatency(small)} → 100k / 10 players: p50 ${formatRatio(big.p50, small.p50)}, p99 ${formatRatio(big.p99, small.p99)}`);
    out.line('baseline: one player\'s stats() (rank included)', `${formatLatency(stats)} → leaderboard / stats: p50 ${formatRatio(big.p50, stats.p50)}`);
  } finally {
    await store.close();
  }
}

// ---------------------------------------------------------------------------------------------
// 4. Memory per running quiz

async function benchQuizMemory(out: Out, dir: string, dataset: Dataset, logger: Logger, gc: (() => void) | undefined): Promise<void> {
  out.section('4. Memory per running quiz (the quiz runner with a SQLite store and no-op Discord ports)');
  const QUIZZES = 1_000;
  const PLAYERS = 5;
  const store = await openStore(`sqlite://${join(dir, 'quizzes.sqlite')}`, { logger, clock: { now: () => Date.now() } });
  try {
    const clock = manualClock(Date.UTC(2026, 10, 21, 12));
    const scheduler = createFakeScheduler(clock);
    let messageSeq = 0n;
    const messageId = async (): Promise<string> => String(1_400_000_000_000_000_000n + ++messageSeq);
    const ports: QuizPorts = {
      postIntro: messageId,
      postQuestion: messageId,
      editQuestion: async () => undefined,
      revealQuestion: async () => undefined,
      postStandings: async () => undefined,
      postNotice: async () => undefined,
    };
    const runner = createQuizRunner({ store, questions: createQuestionSource(buildBank(dataset)), clock, rng: seededRng(7), scheduler, logger, ports });
    const before = await settledMemory(gc);

    const sessions: { sessionId: string; channelId: string }[] = [];
    for (let q = 0; q < QUIZZES; q++) {
      const channelId = String(1_300_000_000_000_100_000n + BigInt(q));
      const started = await runner.start({ guildId: `guild${q % 20}`, channelId, hostId: 'host1', options: GAME });
      if (!started.ok) throw new Error(`quiz ${q} did not start: ${started.reason}`);
      sessions.push({ sessionId: started.sessionId, channelId });
    }
    // Every quiz shows its first question; a few players answer each.
    await scheduler.advance(DEFAULT_TIMINGS.introMs);
    let locked = 0;
    for (const [q, s] of sessions.entries()) {
      for (let p = 0; p < PLAYERS; p++) {
        // Options 0 and 1 exist in every kind of question (true/false has only two).
        const outcome = await runner.answer({ sessionId: s.sessionId, round: 0, option: p % 2, userId: `player${p}`, guildId: `guild${q % 20}`, channelId: s.channelId });
        if (outcome.kind === 'locked') locked++;
      }
    }
    await runner.idle();
    const after = await settledMemory(gc);
    const asking = sessions.filter((s) => runner.running(s.channelId)?.phase === 'asking').length;

    let jsonBytes = 0;
    for (const s of sessions.slice(0, 20)) {
      const saved = await store.sessions.get(s.channelId);
      jsonBytes += Buffer.byteLength(JSON.stringify(saved?.state ?? null));
    }
    const perQuizJson = jsonBytes / 20;
    const perQuizHeap = (after.heapUsed - before.heapUsed) / QUIZZES;
    out.line('quizzes running', `${formatNumber(QUIZZES)} (${formatNumber(asking)} asking question 1 of ${GAME.rounds}, ${formatNumber(locked)} answers locked in, ${PLAYERS} per quiz)`);
    out.line('heap used before → after', `${formatBytes(before.heapUsed)} → ${formatBytes(after.heapUsed)}${after.collected ? ' (after full GC)' : ' (no GC available: rough)'}`);
    out.line('heap per running quiz', `${formatBytes(perQuizHeap)}`);
    out.line('baseline: its saved state as JSON', `${formatBytes(perQuizJson)} → heap / JSON ${formatRatio(perQuizHeap, perQuizJson)}`);
    await runner.shutdown();
  } finally {
    await store.close();
  }
}

// ---------------------------------------------------------------------------------------------

export const SECTIONS = ['generation', 'store', 'leaderboard', 'memory', 'load', 'backends'] as const;
export type Section = (typeof SECTIONS)[number];

/**
 * Runs the chosen sections (all by default) and writes the report.
 * @throws whatever a section throws (a store or simulator that cannot start); temporary files are deleted first.
 */
export async function runBench(write: (text: string) => void, logger: Logger, only: readonly Section[] = SECTIONS): Promise<void> {
  const out = createOut(write);
  const began = performance.now();
  const gc = exposeGc();
  const cpu = cpus();
  write(`bigcity-bot benchmark · Node ${process.version} · ${process.platform} ${process.arch} · ${cpu.length} CPU(s) ${cpu[0]?.model.trim() ?? ''}\n`);
  write('Figures are from this machine and this run; a ratio (×) compares with a baseline measured in the same run.\n');
  const dir = mkdtempSync(join(tmpdir(), 'bigcity-bench-'));
  try {
    const loadStart = performance.now();
    const dataset = loadDataset();
    out.section('0. Dataset');
    out.line('loadDataset (parse + validate)', formatMs(performance.now() - loadStart));
    if (only.includes('generation')) await benchGeneration(out, dataset);
    if (only.includes('store')) await benchStore(out, dir, logger);
    if (only.includes('leaderboard')) await benchLeaderboard(out, dir, logger);
    if (only.includes('memory')) await benchQuizMemory(out, dir, dataset, logger, gc);
    if (only.includes('load')) await benchLoad(out);
    if (only.includes('backends')) await benchBackends(out, dir, logger, process.env);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  write(`\nDone in ${formatMs(performance.now() - began)}; temporary files deleted.\n`);
}

/** `--only load,store` → those sections; no flag → all. Returns an error line for anything else. */
export function parseBenchArgs(argv: readonly string[]): { ok: true; sections: Section[] } | { ok: false; error: string } {
  const usage = `usage: npm run bench [-- --only ${SECTIONS.join(',')}]`;
  let values: { only?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({ args: [...argv], options: { only: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }));
  } catch (err) {
    return { ok: false, error: `${err instanceof Error ? err.message : String(err)}\n${usage}` };
  }
  if (values.help === true) return { ok: false, error: usage };
  if (values.only === undefined) return { ok: true, sections: [...SECTIONS] };
  const wanted = values.only.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = wanted.filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (wanted.length === 0 || unknown.length > 0) return { ok: false, error: `unknown section(s) ${unknown.join(', ') || '(none given)'}\n${usage}` };
  return { ok: true, sections: wanted as Section[] };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const parsed = parseBenchArgs(process.argv.slice(2));
  if (!parsed.ok) {
    process.stderr.write(`${parsed.error}\n`);
    process.exitCode = 1;
  } else {
    // Warnings and errors only, on stderr: the figures on stdout stay readable.
    runBench((text) => process.stdout.write(text), createLogger('warn', process.stderr), parsed.sections).catch((err: unknown) => {
      process.stderr.write(`benchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    });
  }
}
