/**
 * Section 6 of `npm run bench` ("backends", issue 11): each score backend in one run.
 *  1. `store.scores.commitRound` per second with 500-player and 1-player rounds, beside the engine's
 *     own raw rate for the same rows (6 boards × players): plain multi-row upserts in one transaction
 *     into a scratch table of the score table's shape (SQLite through `sqlite3`, PostgreSQL through
 *     `pg`), or ZINCRBY of the same members on 6 sorted sets in one pipeline (Redis, `@redis/client`);
 *  2. leaderboard top 10 with the caller's rank, and `stats`, on a server board of 100,000 players;
 *  3. two processes (this one and scripts/lib/bench-committer.ts) committing rounds of the same
 *     players at once on one database, then every player's totals checked against both.
 * SQLite runs always, in a temporary file; PostgreSQL when BENCH_POSTGRES_URL or TEST_POSTGRES_URL
 * is set, in a schema of its own (dropped at the end); Redis when BENCH_REDIS_URL or TEST_REDIS_URL
 * is set, under a key prefix of its own (every key with it deleted at the end). A backend that is
 * not configured is listed as skipped, with the variable to set. Dev-only: nothing under src/ imports it.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
// @redis/client comes with @keyv/redis, which re-exports it (as src/store/redis.ts uses it).
import { createClient } from '@keyv/redis';
import pg from 'pg';
import sqlite3 from 'sqlite3';
import type { Logger } from '../../src/logger.js';
import { seededRng } from '../../src/quiz/rng.js';
import { boardsOf } from '../../src/store/boards.js';
import { openStore, type AnswerResult, type Store } from '../../src/store/index.js';
import type { Out } from '../bench.js';
import { commitPairRounds, pairPlayer, pairRound, type CommitterReport } from './bench-committer.js';
import { formatLatency, formatMs, formatNumber, formatRate, formatRatio, perSecond, sample, timeLoop, type Loop, type Summary } from './stats.js';

const COMMITTER = fileURLToPath(new URL('./bench-committer.ts', import.meta.url));
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Each timed loop of commits runs this long (or {@link MAX_ROUNDS} rounds, whichever comes first). */
const BUDGET_MS = 2_000;
const MAX_ROUNDS = 100_000;
const WARMUP_ROUNDS = 5;
/** Store and raw loops take turns, this many each. */
const SLICES = 4;
const BIG_ROUND = 500;
const BOARD_PLAYERS = 100_000;
const FILL_BATCH = 5_000;
const LOOKUPS = 300;
const LOOKUP_WARMUP = 30;
/** Two-process rounds per side: about this long of one process's 500-player rate, within the bounds below. */
const PAIR_TARGET_MS = 1_500;
const PAIR_MIN_ROUNDS = 5;
const PAIR_MAX_ROUNDS = 300;
const CHILD_READY_MS = 30_000;
const CHILD_DONE_MS = 120_000;

const NOTES = [
  'A round is one question\'s results: commitRound applies them to 6 boards (the server\'s all-time, month and week, and the',
  'global ones) in one transaction (SQL) or one script (Redis), with its idempotency key. The raw baseline writes the same rows',
  'with the engine alone, in this process: SQL upserts of the score table\'s shape (same primary key and rank index), as many rows',
  'per statement as fit, in one transaction; for Redis, ZINCRBY of the same members on 6 sorted sets in one pipeline. Each runs',
  `for ${formatMs(BUDGET_MS)} in all, in ${SLICES} turns with the other, after ${WARMUP_ROUNDS} untimed rounds of each. The two processes commit`,
  `500-player rounds of the same players, as many each as this process's own rate commits in about ${formatMs(PAIR_TARGET_MS)}, started`,
  'together (the child\'s start-up is not timed); afterwards every player\'s totals are read back and compared with both sides\' sums.',
];

type BackendName = 'SQLite' | 'PostgreSQL' | 'Redis';

/** A backend the environment names (or not). */
export interface BackendChoice {
  readonly name: BackendName;
  /** The variables that name it (the first one set wins), or none for SQLite. */
  readonly variables: readonly string[];
  /** Undefined when no variable is set. */
  readonly base: string | undefined;
  readonly example: string;
}

/** Which backends to measure: SQLite always (in `dir`), PostgreSQL and Redis when their variables are set. */
export function chooseBackends(env: Readonly<Record<string, string | undefined>>, dir: string): BackendChoice[] {
  const pick = (...names: string[]): string | undefined =>
    names.map((n) => env[n]?.trim()).find((v): v is string => v !== undefined && v !== '');
  return [
    { name: 'SQLite', variables: [], base: `sqlite://${join(dir, 'backends.sqlite')}`, example: '' },
    {
      name: 'PostgreSQL',
      variables: ['BENCH_POSTGRES_URL', 'TEST_POSTGRES_URL'],
      base: pick('BENCH_POSTGRES_URL', 'TEST_POSTGRES_URL'),
      example: 'postgres://postgres:postgres@127.0.0.1:5432/test',
    },
    {
      name: 'Redis',
      variables: ['BENCH_REDIS_URL', 'TEST_REDIS_URL'],
      base: pick('BENCH_REDIS_URL', 'TEST_REDIS_URL'),
      example: 'redis://127.0.0.1:6379',
    },
  ];
}

/** The engine alone, for the raw baseline. */
interface RawEngine {
  readonly version: string;
  /** Writes one round's rows: every result on every board. */
  round(boards: readonly string[], results: readonly AnswerResult[], at: number): Promise<void>;
  close(): Promise<void>;
}

/** A configured backend, isolated for this run. */
interface Target {
  readonly name: BackendName;
  /** The store's URL, with this run's schema or prefix. */
  readonly url: string;
  /** For the report: no user or password. */
  readonly where: string;
  openRaw(): Promise<RawEngine>;
  /** Removes what this run wrote (the SQLite file goes with the bench's temporary directory). */
  drop(): Promise<void>;
}

function targetOf(choice: BackendChoice & { base: string }): Target {
  const name = `bench_${randomBytes(6).toString('hex')}`;
  if (choice.name === 'SQLite') {
    const file = choice.base.slice('sqlite://'.length);
    return { name: 'SQLite', url: choice.base, where: choice.base, openRaw: () => openSqliteRaw(file), drop: async () => undefined };
  }
  const url = new URL(choice.base);
  url.searchParams.set(choice.name === 'PostgreSQL' ? 'schema' : 'prefix', name);
  const where = `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname} ${choice.name === 'PostgreSQL' ? 'schema' : 'prefix'} ${name}`;
  if (choice.name === 'PostgreSQL') {
    return { name: 'PostgreSQL', url: url.toString(), where, openRaw: () => openPostgresRaw(choice.base, name), drop: () => dropSchema(choice.base, name) };
  }
  return { name: 'Redis', url: url.toString(), where, openRaw: () => openRedisRaw(choice.base, name), drop: () => deleteKeys(choice.base, name) };
}

// ---------------------------------------------------------------------------------------------
// Raw engines

const RAW_TABLE = 'bench_raw_scores';
const COLUMNS = 'board, user_id, points, correct, answered, games, best_streak, last_played';

/** The score table's shape (scores-sql.ts): same columns, primary key and rank index. */
function rawSchema(table: string, indexName: string): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${table} (
       board TEXT NOT NULL, user_id TEXT NOT NULL, points BIGINT NOT NULL, correct BIGINT NOT NULL, answered BIGINT NOT NULL,
       games BIGINT NOT NULL, best_streak BIGINT NOT NULL, last_played BIGINT NOT NULL, PRIMARY KEY (board, user_id))`,
    `CREATE INDEX IF NOT EXISTS ${indexName} ON ${table} (board, points DESC, user_id)`,
  ];
}

/** One multi-row upsert per chunk of rows, with the score table's ON CONFLICT arithmetic. */
function upserts(
  table: string,
  greatest: 'max' | 'GREATEST',
  placeholder: (n: number) => string,
  maxParams: number,
  boards: readonly string[],
  results: readonly AnswerResult[],
  at: number,
): { sql: string; params: (string | number)[] }[] {
  const rows: (string | number)[][] = [];
  for (const board of boards) for (const r of results) rows.push([board, r.userId, r.points, r.correct ? 1 : 0, 1, 0, r.streak, at]);
  const perStatement = Math.floor(maxParams / 8);
  const statements: { sql: string; params: (string | number)[] }[] = [];
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const values = chunk.map((_, row) => `(${placeholder(row * 8 + 1)}, ${placeholder(row * 8 + 2)}, ${placeholder(row * 8 + 3)}, ${placeholder(row * 8 + 4)}, ${placeholder(row * 8 + 5)}, ${placeholder(row * 8 + 6)}, ${placeholder(row * 8 + 7)}, ${placeholder(row * 8 + 8)})`).join(', ');
    statements.push({
      sql: `INSERT INTO ${table} (${COLUMNS}) VALUES ${values}
            ON CONFLICT (board, user_id) DO UPDATE SET
              points = ${table}.points + excluded.points, correct = ${table}.correct + excluded.correct,
              answered = ${table}.answered + excluded.answered, games = ${table}.games + excluded.games,
              best_streak = ${greatest}(${table}.best_streak, excluded.best_streak), last_played = ${greatest}(${table}.last_played, excluded.last_played)`,
      params: chunk.flat(),
    });
  }
  return statements;
}

function sqliteRun(db: sqlite3.Database, sql: string, params: readonly (string | number)[] = []): Promise<void> {
  return new Promise((resolve, reject) => db.run(sql, params, (err: Error | null) => (err ? reject(err) : resolve())));
}

function sqliteAll<T>(db: sqlite3.Database, sql: string): Promise<T[]> {
  return new Promise((resolve, reject) => db.all(sql, (err: Error | null, rows: T[]) => (err ? reject(err) : resolve(rows))));
}

/** The store's file, on a connection of its own, with the store's settings (WAL, synchronous=NORMAL). */
async function openSqliteRaw(file: string): Promise<RawEngine> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened: sqlite3.Database = new sqlite3.Database(file, (err) => (err ? reject(err) : resolve(opened)));
  });
  db.configure('busyTimeout', 5_000);
  await sqliteAll(db, 'PRAGMA journal_mode=WAL');
  await sqliteRun(db, 'PRAGMA synchronous=NORMAL');
  for (const statement of rawSchema(RAW_TABLE, `${RAW_TABLE}_rank`)) await sqliteRun(db, statement);
  const version = (await sqliteAll<{ v: string }>(db, 'SELECT sqlite_version() AS v'))[0]?.v ?? '?';
  return {
    version: `SQLite ${version}`,
    async round(boards, results, at) {
      await sqliteRun(db, 'BEGIN IMMEDIATE');
      try {
        for (const s of upserts(RAW_TABLE, 'max', () => '?', 32_766, boards, results, at)) await sqliteRun(db, s.sql, s.params);
        await sqliteRun(db, 'COMMIT');
      } catch (err) {
        await sqliteRun(db, 'ROLLBACK').catch(() => undefined);
        throw err;
      }
    },
    close: () => new Promise<void>((resolve) => db.close(() => resolve())),
  };
}

/** One `pg` connection; the scratch table in this run's schema. */
async function openPostgresRaw(base: string, schema: string): Promise<RawEngine> {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    for (const statement of rawSchema(`"${schema}".${RAW_TABLE}`, `${RAW_TABLE}_rank`)) await client.query(statement);
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
  const version = String((await client.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? '?');
  const table = `"${schema}".${RAW_TABLE}`;
  return {
    version: `PostgreSQL ${version}`,
    async round(boards, results, at) {
      await client.query('BEGIN');
      try {
        for (const s of upserts(table, 'GREATEST', (n) => `$${n}`, 65_535, boards, results, at)) await client.query(s.sql, s.params);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    },
    close: () => client.end(),
  };
}

async function openRedisRaw(base: string, prefix: string): Promise<RawEngine> {
  const client = createClient({ url: base });
  client.on('error', () => undefined);
  await client.connect();
  const info = await client.info('server');
  const version = /redis_version:(\S+)/.exec(info)?.[1] ?? '?';
  return {
    version: `Redis ${version}`,
    async round(boards, results) {
      const pipeline = client.multi();
      for (const board of boards) for (const r of results) pipeline.zIncrBy(`${prefix}:raw:${board}`, r.points, r.userId);
      await pipeline.execAsPipeline();
    },
    close: () => client.close(),
  };
}

async function dropSchema(base: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

async function deleteKeys(base: string, prefix: string): Promise<void> {
  const client = createClient({ url: base });
  client.on('error', () => undefined);
  await client.connect();
  try {
    // The prefix is random and of a fixed length, so `prefix*` matches this run's keys only.
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1_000 })) {
      const batch = Array.isArray(keys) ? keys : [keys];
      if (batch.length > 0) await client.del(batch);
    }
  } finally {
    await client.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Measuring


function add(a: Loop, b: Loop): Loop {
  return { runs: a.runs + b.runs, ms: a.ms + b.ms };
}

/** Round `r` of a timed loop: the same `players` every round, with points that vary. */
function timedRound(r: number, players: number): AnswerResult[] {
  return Array.from({ length: players }, (_, p) => {
    const points = (r * 17 + p * 5) % 201;
    return { userId: `u${p}`, points, correct: points > 0, streak: points > 0 ? 1 : 0 };
  });
}

interface CommitFigures {
  readonly store: Loop | undefined;
  readonly raw: Loop;
}

/** What one backend measured, for the side-by-side summary. */
interface BackendFigures {
  big?: CommitFigures;
  one?: CommitFigures;
  board?: Summary;
  pair?: { readonly roundsPerSecond: number; readonly exact: boolean };
  error?: string;
}

async function commitRates(out: Out, store: Store | undefined, raw: RawEngine, players: number): Promise<CommitFigures> {
  const guildId = `rate${players}`;
  const rows = players * 6;
  const storeRound = (i: number): Promise<unknown> => (store === undefined ? Promise.resolve() : store.scores.commitRound(guildId, `rate:${players}:${i}`, timedRound(i, players)));
  const rawRound = (i: number): Promise<unknown> => {
    const at = Date.now();
    return raw.round(boardsOf(guildId, at), timedRound(i, players), at);
  };
  // Untimed rounds first: the rows exist and the code is warm before either is timed.
  for (let i = 0; i < WARMUP_ROUNDS; i++) {
    await storeRound(MAX_ROUNDS + i);
    await rawRound(MAX_ROUNDS + i);
  }
  // In alternating slices, so that a change in the machine's load (other processes) weighs on both alike.
  let storeLoop: Loop | undefined = store === undefined ? undefined : { runs: 0, ms: 0 };
  let rawLoop: Loop = { runs: 0, ms: 0 };
  for (let slice = 0; slice < SLICES; slice++) {
    const storeBefore = storeLoop;
    if (storeBefore !== undefined) storeLoop = add(storeBefore, await timeLoop((i) => storeRound(storeBefore.runs + i), BUDGET_MS / SLICES, MAX_ROUNDS / SLICES));
    const rawBefore = rawLoop;
    rawLoop = add(rawBefore, await timeLoop((i) => rawRound(rawBefore.runs + i), BUDGET_MS / SLICES, MAX_ROUNDS / SLICES));
  }
  const rawRate = perSecond(rawLoop.runs, rawLoop.ms);
  const what = `${formatNumber(players)}-player rounds (${formatNumber(rows)} rows)`;
  out.line(`raw ${what}`, `${formatRate(rawRate, 'rounds')} = ${formatRate(rawRate * rows, 'rows')} (${formatNumber(rawLoop.runs)} rounds in ${formatMs(rawLoop.ms)})`);
  if (storeLoop !== undefined) {
    const rate = perSecond(storeLoop.runs, storeLoop.ms);
    out.line(`store.commitRound, ${what}`, `${formatRate(rate, 'rounds')} = ${formatRate(rate * rows, 'rows')} (${formatNumber(storeLoop.runs)} rounds in ${formatMs(storeLoop.ms)}) · ${formatRatio(rate, rawRate)} raw`);
  }
  return { store: storeLoop, raw: rawLoop };
}

async function bigBoard(out: Out, store: Store): Promise<Summary> {
  const guildId = 'board100k';
  const random = seededRng(100_000);
  const fillStart = performance.now();
  for (let start = 0; start < BOARD_PLAYERS; start += FILL_BATCH) {
    const results: AnswerResult[] = [];
    for (let i = start; i < start + FILL_BATCH; i++) {
      const points = Math.floor(random.next() * random.next() * 40_000);
      results.push({ userId: `p${i}`, points, correct: points > 0, streak: points > 0 ? 1 : 0 });
    }
    await store.scores.commitRound(guildId, `fill:${start}`, results);
  }
  const fillMs = performance.now() - fillStart;
  out.line(`fill: ${formatNumber(BOARD_PLAYERS)} players in commits of ${formatNumber(FILL_BATCH)}`, `${formatMs(fillMs)} (${formatRate(perSecond(BOARD_PLAYERS, fillMs), 'players')}, ${formatRate(perSecond(BOARD_PLAYERS * 6, fillMs), 'rows')})`);
  await store.scores.commitRound('board10', 'small', Array.from({ length: 10 }, (_, i) => ({ userId: `s${i}`, points: 100 * (i + 1), correct: true, streak: 1 })));

  const check = await store.scores.leaderboard({ guildId }, 'all-time', { limit: 10, userId: 'p4242' });
  out.line('check', `${formatNumber(check.total)} players on the board, top ${check.entries.length} listed, p4242 ranked ${formatNumber(check.me?.rank ?? Number.NaN)}`);
  const asker = (i: number): string => `p${(i * 7_919) % BOARD_PLAYERS}`;
  const big = await sample((i) => store.scores.leaderboard({ guildId }, 'all-time', { limit: 10, userId: asker(i) }), LOOKUPS, LOOKUP_WARMUP);
  const stats = await sample((i) => store.scores.stats(asker(i), { guildId }, 'all-time'), LOOKUPS, LOOKUP_WARMUP);
  const small = await sample((i) => store.scores.leaderboard({ guildId: 'board10' }, 'all-time', { limit: 10, userId: `s${i % 10}` }), LOOKUPS, LOOKUP_WARMUP);
  out.line(`leaderboard top 10 + own rank, ${formatNumber(BOARD_PLAYERS)} players`, formatLatency(big));
  out.line(`stats (rank included), ${formatNumber(BOARD_PLAYERS)} players`, formatLatency(stats));
  out.line('baseline: top 10 + own rank, 10 players', `${formatLatency(small)} → 100k / 10: p50 ${formatRatio(big.p50, small.p50)}, p99 ${formatRatio(big.p99, small.p99)}`);
  return big;
}

/** The child committer, started and waiting for `go`. */
interface Committer {
  go(): void;
  /** Its report, once it has exited cleanly. @throws when it fails or takes longer than {@link CHILD_DONE_MS}. */
  done(): Promise<CommitterReport>;
  /** Ends it at once, if it is still running (when this side of the run failed). */
  kill(): void;
}

/** @throws when the child cannot start or does not say `ready` within {@link CHILD_READY_MS}. */
async function startCommitter(url: string, guildId: string, rounds: number, players: number): Promise<Committer> {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, COMMITTER, url, guildId, '1', String(rounds), String(players)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4_000);
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      process.off('exit', killOnExit);
      resolve(code);
    });
  });
  const lines = createInterface({ input: child.stdout });
  let report: CommitterReport | undefined;
  let readyResolve: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    readyResolve = resolve;
  });
  lines.on('line', (line) => {
    if (line === 'ready') readyResolve();
    else if (line.startsWith('{')) report = JSON.parse(line) as CommitterReport;
  });
  const failed = (what: string): Error => new Error(`the second process ${what}${stderr.trim() === '' ? '' : `:\n${stderr.trim()}`}`);
  const within = async <T>(ms: number, wait: Promise<T>, what: string): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(failed(what));
      }, ms);
    });
    try {
      return await Promise.race([wait, late]);
    } finally {
      clearTimeout(timer);
    }
  };
  await within(
    CHILD_READY_MS,
    Promise.race([ready, exited.then((code) => Promise.reject(failed(`exited (code ${code}) before it was ready`)))]),
    `was not ready within ${formatMs(CHILD_READY_MS)}`,
  );
  return {
    go: () => child.stdin.write('go\n'),
    async done() {
      const code = await within(CHILD_DONE_MS, exited, `did not finish within ${formatMs(CHILD_DONE_MS)}`);
      if (code !== 0 || report === undefined) throw failed(`exited with code ${code}${report === undefined ? ' without a report' : ''}`);
      return report;
    },
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

async function twoProcesses(out: Out, target: Target, store: Store, oneProcessRate: number): Promise<{ roundsPerSecond: number; exact: boolean }> {
  const guildId = 'pair';
  const rounds = Math.max(PAIR_MIN_ROUNDS, Math.min(PAIR_MAX_ROUNDS, Math.round((oneProcessRate * PAIR_TARGET_MS) / 1000)));
  const child = await startCommitter(target.url, guildId, rounds, BIG_ROUND);
  const start = performance.now();
  child.go();
  const theirsDone = child.done().then((report) => ({ report, end: performance.now() }));
  // Handled here too: should the child fail while this side commits, it is reported below, not as an unhandled rejection.
  theirsDone.catch(() => undefined);
  let mine: { report: CommitterReport; end: number };
  try {
    mine = await commitPairRounds((g, k, r) => store.scores.commitRound(g, k, r), guildId, 0, rounds, BIG_ROUND).then((report) => ({ report, end: performance.now() }));
  } catch (err) {
    child.kill();
    await theirsDone.catch(() => undefined);
    throw err;
  }
  const theirs = await theirsDone;
  const ms = Math.max(mine.end, theirs.end) - start;
  const combined = perSecond(2 * rounds, ms);
  out.line(
    `two processes, ${formatNumber(rounds)} + ${formatNumber(rounds)} rounds of ${BIG_ROUND} players`,
    `${formatRate(combined, 'rounds')} combined (this ${formatRate(perSecond(rounds, mine.report.ms), 'rounds')}, child ${formatRate(perSecond(rounds, theirs.report.ms), 'rounds')}) · ${formatRatio(combined, oneProcessRate)} one process`,
  );

  // Every player's totals on the server's and the global all-time boards must be both sides' sums.
  const expected = Array.from({ length: BIG_ROUND }, () => ({ points: 0, correct: 0 }));
  for (const side of [0, 1] as const) {
    for (let r = 0; r < rounds; r++) {
      for (const [p, result] of pairRound(side, r, BIG_ROUND).entries()) {
        const e = expected[p];
        if (e !== undefined) {
          e.points += result.points;
          e.correct += result.correct ? 1 : 0;
        }
      }
    }
  }
  const wrong: string[] = [];
  for (const scope of [{ guildId }, 'global'] as const) {
    for (const [p, e] of expected.entries()) {
      const got = await store.scores.stats(pairPlayer(p), scope, 'all-time');
      if (got?.points !== e.points || got.correct !== e.correct || got.answered !== 2 * rounds) {
        wrong.push(`${pairPlayer(p)} on ${scope === 'global' ? 'global' : 'server'}: ${got === undefined ? 'missing' : `${got.points} points, ${got.correct}/${got.answered}`}, expected ${e.points} points, ${e.correct}/${2 * rounds}`);
      }
    }
  }
  const allApplied = mine.report.applied === rounds && theirs.report.applied === rounds;
  const exact = wrong.length === 0 && allApplied;
  out.line(
    'exact totals afterwards',
    exact
      ? `✓ ${BIG_ROUND} players × 2 boards (server, global all-time): points and answers = both processes' commits; ${2 * rounds} of ${2 * rounds} applied`
      : `✗ ${wrong.length} of ${BIG_ROUND * 2} player-boards differ${wrong[0] === undefined ? '' : `, e.g. ${wrong[0]}`}; applied ${mine.report.applied} + ${theirs.report.applied} of ${rounds} + ${rounds}`,
  );
  return { roundsPerSecond: combined, exact };
}

async function benchTarget(out: Out, target: Target, logger: Logger): Promise<BackendFigures> {
  const figures: BackendFigures = {};
  const raw = await target.openRaw();
  let store: Store | undefined;
  try {
    out.line('engine', `${raw.version} · ${target.where}`);
    try {
      store = await openStore(target.url, { logger, clock: { now: () => Date.now() } });
    } catch (err) {
      figures.error = `openStore failed: ${messageOf(err)}`;
      out.line('✗ store', `${figures.error} (only the raw baseline is measured)`);
    }
    figures.big = await commitRates(out, store, raw, BIG_ROUND);
    figures.one = await commitRates(out, store, raw, 1);
    if (store === undefined) return figures;
    figures.board = await bigBoard(out, store);
    const bigStore = figures.big.store;
    figures.pair = await twoProcesses(out, target, store, bigStore === undefined ? 0 : perSecond(bigStore.runs, bigStore.ms));
    return figures;
  } finally {
    await store?.close();
    await raw.close();
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function ratioOf(figures: CommitFigures | undefined): string {
  if (figures?.store === undefined) return 'n/a';
  const rate = perSecond(figures.store.runs, figures.store.ms);
  return `${formatRate(rate, 'rounds')} (${formatRatio(rate, perSecond(figures.raw.runs, figures.raw.ms))} raw)`;
}

/**
 * The "backends" section: every configured backend in turn, then the figures side by side.
 * @throws after printing every backend, when one failed (could not be opened, or a store call threw);
 *   what it wrote is removed first.
 */
export async function benchBackends(out: Out, dir: string, logger: Logger, env: Readonly<Record<string, string | undefined>>): Promise<void> {
  out.section('6. Score backends (issue 11): store commits beside the engine\'s raw rate, leaderboard at 100,000 players, two processes');
  for (const note of NOTES) out.note(note);
  const results: { name: BackendName; figures: BackendFigures | undefined; skipped?: string }[] = [];
  const letters = 'abc';
  for (const [i, choice] of chooseBackends(env, dir).entries()) {
    out.section(`6${letters[i] ?? ''}. ${choice.name}`);
    if (choice.base === undefined) {
      const skipped = `set ${choice.variables.join(' (or ')}${choice.variables.length > 1 ? ')' : ''}, e.g. ${choice.variables[choice.variables.length - 1] ?? ''}=${choice.example}`;
      out.line('skipped', skipped);
      results.push({ name: choice.name, figures: undefined, skipped });
      continue;
    }
    const target = targetOf({ ...choice, base: choice.base });
    let figures: BackendFigures;
    try {
      figures = await benchTarget(out, target, logger);
    } catch (err) {
      figures = { error: messageOf(err) };
      out.line('✗ failed', figures.error ?? '');
    } finally {
      await target.drop().catch((err: unknown) => {
        out.line('✗ clean-up failed', `${messageOf(err)} (${target.where})`);
      });
    }
    results.push({ name: choice.name, figures });
  }

  out.section('6d. Backends side by side (store rounds/s, × its engine\'s raw rate; leaderboard at 100,000 players; two processes)');
  for (const { name, figures, skipped } of results) {
    if (figures === undefined) {
      out.line(name, `skipped: ${skipped ?? ''}`);
      continue;
    }
    const parts = [`500 players ${ratioOf(figures.big)}`, `1 player ${ratioOf(figures.one)}`];
    if (figures.board !== undefined) parts.push(`top 10 p50 ${formatMs(figures.board.p50)} p99 ${formatMs(figures.board.p99)}`);
    if (figures.pair !== undefined) parts.push(`2 processes ${formatRate(figures.pair.roundsPerSecond, 'rounds')} ${figures.pair.exact ? '✓' : '✗'}`);
    if (figures.error !== undefined) parts.push(`✗ ${figures.error}`);
    out.line(name, parts.join(' · '));
  }
  const failed = results.filter((r) => r.figures?.error !== undefined);
  if (failed.length > 0) throw new Error(`backends: ${failed.map((r) => `${r.name}: ${r.figures?.error ?? ''}`).join('; ')}`);
}
