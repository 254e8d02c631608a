/**
 * Section 5 of `npm run bench` ("load"): the bot as users run it (`node dist/index.js`, its own
 * process) against the local Discord simulator, beside a bare discord.js client with the same
 * client options (scripts/lib/bare-client.mjs), in the same run. For each size, that many members
 * answer one question within one second; then spawn-to-first-answer for `npm start`,
 * `node dist/index.js` and the bare client. Goals from issue 10 "Big servers" are checked and
 * printed, never enforced. Each client gets a simulator of its own (the simulator dispatches an
 * interaction to every connected session), with request validation off. Children, simulators and
 * temporary directories are cleaned up whatever happens. Dev-only: nothing under src/ imports it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { commands } from '../../src/commands/index.js';
import { loadConfig } from '../../src/config.js';
import { registerCommands } from '../../src/discord/deploy.js';
import { createOpenApiValidator, startSimulator, type CallbackRecord, type OpenApiValidator, type SimMessage, type Simulator } from '../../test/sim/index.js';
import type { Out } from '../bench.js';
import { boardTotal, goalMark, loadGoals, median, p99CountingMissed, startupGoal, type Goal } from './load-report.js';
import { cpuMs, otherThreadsCpuMs, type ProbeWindow } from './probe-window.js';
import { killAllChildren, PROBE_URL, spawnChild, within, type Child, type LogTally } from './probed-process.js';
import { SIM_TOKEN } from './sim-bot.js';
import { formatBytes, formatLatency, formatMs, formatNumber, formatRatio, summarize, type Summary } from './stats.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BARE_CLIENT = fileURLToPath(new URL('./bare-client.mjs', import.meta.url));

/** Discord's deadline for the first response to an interaction. */
const DEADLINE_MS = 3_000;
const SIZES = [500, 2_000, 5_000] as const;
const SPREAD_MS = 1_000;
/** Long enough for the burst and its answers; production timings otherwise (intro 5 s, reveal pause 5 s). */
const QUESTION_SECONDS = 10;
/** After the last answer, how long the probe's window stays open for work the clicks left behind. */
const SETTLE_MS = 500;
const STARTUP_RUNS = 3;
/** On a small machine the largest burst saturates it, and one run can differ from the next by ×2. */
const RUNS_AT_LARGEST = 3;
/** After the reveal, how long and how often to ask `/quiz leaderboard` for every player's score. */
const COMMIT_WAIT_MS = 30_000;
const BOARD_POLL_MS = 20;
const GUILD = 'Load Test';
const HOST_ID = '890000000000000001';
/** Member ids far below the simulator's own (time-based) snowflakes, so none collide. */
const MEMBER_ID_BASE = 900_000_000_000_000_000n;
const QUESTION_TITLE = 'Question 1 of 1';

const NOTES = [
  'Latency is the simulator\'s: from dispatching INTERACTION_CREATE to the callback arriving (1 ms resolution), the same for both',
  'clients; the simulator runs in this process, with request validation off. Blocks, CPU and bytes are read inside each child by',
  'scripts/lib/loop-probe.mjs over the burst and 500 ms after it: monitorEventLoopDelay at 1 ms (with fewer cores than busy',
  'processes, a "block" includes time spent waiting for a core), process.cpuUsage, and /proc/self/io wchar (every byte written',
  'to a socket, pipe or file). "Its own work held the loop" is the most the main thread ran between two 1 ms ticks, and',
  '"waiting for a core" the time it was ready but not running, both from Linux\'s scheduler accounting (/proc/…/schedstat):',
  'a block is the two together; garbage collection is the main thread\'s pause for each collection (PerformanceObserver "gc").',
  'The main thread\'s CPU is its time on a core (the same accounting); the rest of the process\'s CPU is its other threads\':',
  'V8\'s garbage-collection and compiler workers, which compete with the main thread for the same cores, and libuv\'s pool.',
  'Before the first size, an unmeasured burst through a bare client warms up the simulator\'s own code. Both clients send',
  'the same callbacks, so the bot\'s bytes beyond the bare client\'s are its own writes: the store (SQLite) and its logs.',
  'The reveal is timed from time-up (the question\'s arrival at the simulator + its seconds; the bot starts the clock a few ms',
  'before posting, so this slightly understates) to the edit that reveals it;',
  '"scores committed" is the first /quiz leaderboard reply (asked every 20 ms from the reveal on) that lists every player.',
];

export interface LoadBenchOptions {
  readonly sizes?: readonly number[];
  /** Runs of the largest size, where the goals apply: a goal counts as reached when every run reaches it. */
  readonly runsAtLargest?: number;
  readonly startupRuns?: number;
}

interface Burst {
  /** Latencies of the answered clicks. */
  readonly acks: Summary | undefined;
  /** p99 of every click, missed ones counted as never answered. */
  readonly p99All: number;
  readonly missed: number;
  readonly lockedIn: number;
  readonly deferred: number;
  readonly dispatchMs: number;
  /** The measured child's probe over the burst and {@link SETTLE_MS} after it. */
  readonly window: ProbeWindow;
  /** This process (the simulator) over the same window. */
  readonly harness: { readonly cpuMs: number; readonly maxBlockMs: number; readonly gcMs: number; readonly maxGcPauseMs: number };
}

interface SizeResult {
  readonly members: number;
  readonly bot: Burst;
  readonly bare: Burst;
  readonly revealMs: number | undefined;
  /** Time-up → a `/quiz leaderboard` reply with every player on the server board (undefined: never, within {@link COMMIT_WAIT_MS}). */
  readonly committedMs: number | undefined;
  /** The bot's probe from just before time-up to the reveal edit. */
  readonly revealWindow: ProbeWindow | undefined;
  readonly boardPlayers: number | undefined;
  readonly botLogs: LogTally;
  readonly bareLogs: LogTally;
}

type StartKind = 'bare client' | 'node dist/index.js' | 'npm start';
const START_KINDS: readonly StartKind[] = ['bare client', 'node dist/index.js', 'npm start'];

/**
 * Runs the load section and writes its report.
 * @throws Error when dist/ cannot be built, or a size cannot be set up (a child that never
 *   connects, a question that never comes); everything started is stopped first.
 */
export async function benchLoad(out: Out, options: LoadBenchOptions = {}): Promise<void> {
  const sizes = options.sizes ?? SIZES;
  out.section(`5. Load: the bot as its own process (node dist/index.js) vs a bare discord.js client, ${sizes.map((n) => formatNumber(n)).join(' / ')} members answering one question within ${formatMs(SPREAD_MS)}`);
  // Other work on the machine shows up as blocks and latency in every figure below.
  out.line('machine load (1-minute average) at the start', `${loadavg()[0]?.toFixed(2) ?? '?'} runnable processes`);
  const build = await buildIfStale();
  out.line('dist/ (scripts/build-if-stale.mjs, as npm start)', build.said === '' ? `up to date with src/ (${formatMs(build.ms)})` : `${build.said} done in ${formatMs(build.ms)}`);

  const dirs: string[] = [];
  const cleanUp = (): void => {
    killAllChildren();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    cleanUp();
    process.kill(process.pid, signal);
  };
  process.on('exit', cleanUp);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    // Only for routing requests to operations: with validation off, no schema is compiled.
    const validator = createOpenApiValidator();
    const top = Math.max(...sizes);
    const warm = await warmUp(validator, top);
    out.line(`harness warm-up (${formatNumber(top)} clicks, bare client, not counted)`, `dispatched in ${formatMs(warm.dispatchMs)}, ${formatNumber(warm.missed)} missed`);
    const results: SizeResult[] = [];
    const failed = new Set<number>();
    for (const members of sizes) {
      const runs = members === top ? Math.max(1, options.runsAtLargest ?? RUNS_AT_LARGEST) : 1;
      for (let run = 1; run <= runs; run++) {
        const title = `${formatNumber(members)} members${runs > 1 ? `, run ${run} of ${runs}` : ''}`;
        const dir = mkdtempSync(join(tmpdir(), 'bigcity-bench-load-'));
        dirs.push(dir);
        try {
          const result = await runSize(members, validator, dir);
          results.push(result);
          printSize(out, title, result);
        } catch (err) {
          // A size that falls over (a bot that crashes or never asks) is a finding; the others still run.
          const message = err instanceof Error ? err.message : String(err);
          failed.add(members);
          out.line(title, 'failed');
          for (const line of message.split('\n').slice(0, 6)) out.note(line.length > 200 ? `${line.slice(0, 200)}…` : line);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
    }

    const startupRuns = options.startupRuns ?? STARTUP_RUNS;
    const dir = mkdtempSync(join(tmpdir(), 'bigcity-bench-start-'));
    dirs.push(dir);
    const startups = await measureStartups(validator, dir, startupRuns);
    if (startupRuns > 0) printStartups(out, startups, startupRuns);
    const bareMedian = startups.get('bare client')?.median;

    const largest = results.filter((r) => r.members === top);
    out.section(`5c. Goals (issue 10 "Big servers") at ${formatNumber(top)} players${largest.length > 1 ? `, in each of ${largest.length} runs` : ''}`);
    const goals: Goal[] = [
      ...loadGoals({
        members: top,
        trials: largest.map((r) => ({
          botAckP99: r.bot.p99All,
          bareAckP99: r.bare.p99All,
          botMissed: r.bot.missed,
          revealMs: r.revealMs,
          committedMs: r.committedMs,
          botMaxBlockMs: r.bot.window.maxBlockMs,
          botMaxHeldMs: r.bot.window.maxHeldMs,
        })),
        missedElsewhere: results.filter((r) => r.members !== top).map((r) => ({ members: r.members, missed: r.bot.missed })),
        failedSizes: [...failed],
      }),
      startupGoal('node dist/index.js', startups.get('node dist/index.js')?.median, bareMedian),
      startupGoal('npm start', startups.get('npm start')?.median, bareMedian),
    ];
    for (const g of goals) out.line(`${goalMark(g.met)} ${g.goal}`, g.value);
    out.line('machine load (1-minute average) at the end', `${loadavg()[0]?.toFixed(2) ?? '?'} runnable processes`);
    for (const line of NOTES) out.note(line);
  } finally {
    cleanUp();
    process.off('exit', cleanUp);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * Runs the project's own build step of `npm start` (compile src/ only when dist/ is stale).
 * @throws Error with its output when it fails: there is then no bot to measure.
 */
async function buildIfStale(): Promise<{ said: string; ms: number }> {
  const start = performance.now();
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'build-if-stale.mjs')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.once('error', reject);
    child.once('close', (exitCode) => resolve({ code: exitCode, output: text.trim() }));
  });
  if (code !== 0) {
    const lines = output.split('\n');
    throw new Error(`building dist/ failed (exit code ${code}), so there is no bot to run:\n${lines.slice(0, 8).join('\n')}${lines.length > 8 ? `\n… ${lines.length - 8} more lines` : ''}`);
  }
  return { said: output.split('\n')[0] ?? '', ms: performance.now() - start };
}

async function startLoadSim(validator: OpenApiValidator): Promise<Simulator> {
  const sim = await startSimulator({
    token: SIM_TOKEN,
    validator,
    validateRequests: false,
    guilds: [{ name: GUILD, owner: 'host', members: [{ id: HOST_ID, username: 'host' }], channels: [{ name: 'quiz' }] }],
    waitTimeoutMs: 30_000,
  });
  // As `npm run deploy` does, through the simulator's REST API.
  await registerCommands(loadConfig({ DISCORD_TOKEN: sim.token, DISCORD_CLIENT_ID: sim.applicationId, DISCORD_API_URL: sim.apiUrl, DATABASE_URL: 'memory://' }, 'deploy'), commands);
  return sim;
}

/** The environment of a child: this one's, with the bot's variables set for `sim` (a .env file cannot override them). */
function childEnv(sim: Simulator, databaseUrl: string): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  delete env['DISCORD_GUILD_ID'];
  return { ...env, DISCORD_TOKEN: sim.token, DISCORD_CLIENT_ID: sim.applicationId, DISCORD_API_URL: sim.apiUrl, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' };
}

function spawnKind(kind: StartKind, sim: Simulator, dir: string, probe: boolean): Child {
  const probeArgs = probe ? ['--import', PROBE_URL] : [];
  switch (kind) {
    case 'bare client':
      return spawnChild({ name: kind, command: process.execPath, args: [...probeArgs, BARE_CLIENT], cwd: ROOT, env: childEnv(sim, 'memory://'), ipc: true });
    case 'node dist/index.js':
      return spawnChild({ name: 'bot', command: process.execPath, args: [...probeArgs, 'dist/index.js'], cwd: ROOT, env: childEnv(sim, `sqlite://${join(dir, 'bot.sqlite')}`), ipc: probe });
    case 'npm start':
      return spawnChild({ name: kind, command: 'npm', args: ['start'], cwd: ROOT, env: childEnv(sim, `sqlite://${join(dir, 'bot.sqlite')}`) });
  }
}

/** Resolves when `child` has identified on `sim`; rejects at once if it exits first. */
async function connected(sim: Simulator, child: Child, timeoutMs: number): Promise<void> {
  const ready = sim.waitForBot({ timeoutMs });
  ready.catch(() => undefined);
  await Promise.race([
    ready,
    child.exited.then(({ code, signal }) => {
      throw new Error(`${child.name} exited (${code ?? signal ?? 'spawn failed'}) before it connected:\n${child.tail()}`);
    }),
  ]);
}

function addMembers(sim: Simulator, count: number): string[] {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    // By id: the simulator then skips its search of every user by name.
    ids.push(sim.addMember(GUILD, { id: String(MEMBER_ID_BASE + BigInt(i)), username: `member${i}` }));
  }
  return ids;
}

function embedTitle(m: SimMessage): string {
  const embeds = m.data['embeds'];
  const first = Array.isArray(embeds) ? (embeds[0] as Record<string, unknown> | undefined) : undefined;
  return typeof first?.['title'] === 'string' ? first['title'] : '';
}

/**
 * The first new message (`message`) or edit (`messageUpdate`) in `channelId` matching `predicate`,
 * with when the simulator stored it (performance.now()). It listens to that one event only: the
 * thousands of ephemeral replies of a burst are new messages, not edits.
 */
function nextMessage(
  sim: Simulator,
  event: 'message' | 'messageUpdate',
  channelId: string,
  predicate: (m: SimMessage) => boolean,
  timeoutMs: number,
  what: string,
): Promise<{ message: SimMessage; at: number }> {
  return new Promise((resolve, reject) => {
    const check = (m: SimMessage): void => {
      if (m.channelId !== channelId || !predicate(m)) return;
      finish();
      resolve({ message: m, at: performance.now() });
    };
    const finish = (): void => {
      clearTimeout(timer);
      sim.off(event, check);
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`no ${what} within ${formatMs(timeoutMs)}`));
    }, timeoutMs);
    sim.on(event, check);
  });
}

/**
 * Every member clicks once on `messageId`, spread evenly over {@link SPREAD_MS}; resolves when
 * each click has its answer or has missed the deadline, and {@link SETTLE_MS} more have passed.
 */
async function burst(sim: Simulator, child: Child, messageId: string, members: readonly string[]): Promise<Burst> {
  const buttons = sim.buttons(messageId).flatMap((b) => (b.customId !== null && !b.disabled ? [b.customId] : []));
  if (buttons.length === 0) throw new Error(`message ${messageId} has no button to click`);
  const loop = monitorEventLoopDelay({ resolution: 1 });
  // This process's garbage collections: the simulator stands still meanwhile.
  const gc = { gcMs: 0, maxGcPauseMs: 0 };
  const gcs = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.gcMs += entry.duration;
      gc.maxGcPauseMs = Math.max(gc.maxGcPauseMs, entry.duration);
    }
  });
  await child.mark();
  loop.enable();
  gcs.observe({ type: 'gc' });
  const cpuBefore = process.cpuUsage();
  const responses: Promise<CallbackRecord>[] = [];
  const start = performance.now();
  for (let i = 0; i < members.length; i++) {
    const wait = start + (i * SPREAD_MS) / members.length - performance.now();
    // Always give the event loop a turn: the simulator reads the answers in this process, and a
    // dispatch loop that never yields would hold every answer back until it ends.
    if (wait > 1) await sleep(wait);
    else await new Promise((resolve) => setImmediate(resolve));
    responses.push(sim.click({ messageId, userId: members[i] ?? '', customId: buttons[i % buttons.length] ?? '' }).response);
  }
  const dispatchMs = performance.now() - start;
  const settled = await Promise.allSettled(responses);
  await sleep(SETTLE_MS);
  const window = await child.mark();
  loop.disable();
  gcs.disconnect();
  const cpu = process.cpuUsage(cpuBefore);
  const callbacks = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const content = (c: CallbackRecord): string => (typeof c.data?.['content'] === 'string' ? c.data['content'] : '');
  return {
    acks: callbacks.length > 0 ? summarize(callbacks.map((c) => c.latencyMs)) : undefined,
    p99All: p99CountingMissed(callbacks.map((c) => c.latencyMs), settled.length - callbacks.length),
    missed: settled.length - callbacks.length,
    lockedIn: callbacks.filter((c) => content(c).includes('locked in')).length,
    // Type 5: "thinking…", the answer to follow in an edit (the bot's fallback for a slow store).
    deferred: callbacks.filter((c) => c.type === 5).length,
    dispatchMs,
    window,
    // Intervals between 1 ms ticks: less the tick, the longest block (as loop-probe.mjs reads it).
    harness: { cpuMs: (cpu.user + cpu.system) / 1000, maxBlockMs: loop.count > 0 ? Math.max(0, loop.max / 1e6 - 1) : 0, ...gc },
  };
}

/** The body the bot sent for the question (as it sent it), to post the same message for the bare client. */
function questionBody(sim: Simulator): Record<string, unknown> {
  const request = sim.requests.find((r) => r.method === 'post' && r.route === '/channels/{channel_id}/messages' && embedTitleOfBody(r.body) === QUESTION_TITLE);
  if (request === undefined || typeof request.body !== 'object' || request.body === null) throw new Error('the bot\'s question request was not recorded');
  return request.body as Record<string, unknown>;
}

function embedTitleOfBody(body: unknown): string | undefined {
  const embeds = (body as { embeds?: unknown } | null)?.embeds;
  const first: unknown = Array.isArray(embeds) ? embeds[0] : undefined;
  const title = (first as { title?: unknown } | undefined)?.title;
  return typeof title === 'string' ? title : undefined;
}

async function runSize(members: number, validator: OpenApiValidator, dir: string): Promise<SizeResult> {
  const sims: Simulator[] = [];
  const children: Child[] = [];
  try {
    const botSim = await startLoadSim(validator);
    sims.push(botSim);
    const bareSim = await startLoadSim(validator);
    sims.push(bareSim);
    const bot = spawnKind('node dist/index.js', botSim, dir, true);
    const bare = spawnKind('bare client', bareSim, dir, true);
    children.push(bot, bare);
    await Promise.all([connected(botSim, bot, 60_000), connected(bareSim, bare, 60_000), bot.probeReady(), bare.probeReady()]);
    // Added once connected, as members join a big server: no GUILD_CREATE carries them all.
    const botMembers = addMembers(botSim, members);
    const bareMembers = addMembers(bareSim, members);

    // One at a time: on a small machine the two would compete for the same cores.
    const botSide = await botQuestion(botSim, bot, botMembers);
    await bot.stop();
    const bareBurst = await bareQuestion(bareSim, bare, bareMembers, questionBody(botSim));
    await bare.stop();
    return { members, bot: botSide.burst, bare: bareBurst, ...botSide.reveal, botLogs: bot.logs(), bareLogs: bare.logs() };
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    await Promise.all(sims.map((s) => s.close()));
  }
}

/** The bot: `/quiz start`, its question, every member clicks within one second, then the reveal and the board. */
async function botQuestion(sim: Simulator, bot: Child, members: readonly string[]): Promise<{ burst: Burst; reveal: Pick<SizeResult, 'revealMs' | 'committedMs' | 'revealWindow' | 'boardPlayers'> }> {
  const channelId = sim.channelId(GUILD, 'quiz');
  const questionSeen = nextMessage(sim, 'message', channelId, (m) => embedTitle(m) === QUESTION_TITLE, 30_000, `"${QUESTION_TITLE}"`);
  questionSeen.catch(() => undefined);
  await sim.command({ channelId, userId: HOST_ID, name: 'quiz start', options: { rounds: 1, seconds: QUESTION_SECONDS } }).waitForReply({ timeoutMs: 10_000 });
  const question = await questionSeen;
  const timeUp = question.at + QUESTION_SECONDS * 1_000;
  const isReveal = (m: SimMessage): boolean => m.id === question.message.id && embedTitle(m).endsWith('time is up');
  const revealSeen = nextMessage(sim, 'messageUpdate', channelId, isReveal, QUESTION_SECONDS * 1_000 + 30_000, 'reveal of the question');
  revealSeen.catch(() => undefined);
  const burstResult = await burst(sim, bot, question.message.id, members);

  // A probe window from just before time-up to the reveal: what closing the round costs.
  const beforeTimeUp = timeUp - 300 - performance.now();
  if (beforeTimeUp > 0) {
    await sleep(beforeTimeUp);
    await bot.mark();
  }
  let revealMs: number | undefined;
  let revealWindow: ProbeWindow | undefined;
  try {
    revealMs = (await revealSeen).at - timeUp;
    if (beforeTimeUp > 0) revealWindow = await bot.mark();
  } catch {
    return { burst: burstResult, reveal: { revealMs, committedMs: undefined, revealWindow, boardPlayers: undefined } };
  }

  // The reveal may come before the scores reach the boards: ask the board until every player is there.
  let boardPlayers: number | undefined;
  const giveUpAt = performance.now() + COMMIT_WAIT_MS;
  while (performance.now() < giveUpAt) {
    const board = await sim.command({ channelId, userId: HOST_ID, name: 'quiz leaderboard' }).waitForReply({ timeoutMs: 10_000 });
    const footer = (board.data['embeds'] as { footer?: { text?: string } }[] | undefined)?.[0]?.footer?.text ?? '';
    boardPlayers = boardTotal(footer);
    if (boardPlayers !== undefined && boardPlayers >= members.length) {
      return { burst: burstResult, reveal: { revealMs, committedMs: performance.now() - timeUp, revealWindow, boardPlayers } };
    }
    await sleep(BOARD_POLL_MS);
  }
  return { burst: burstResult, reveal: { revealMs, committedMs: undefined, revealWindow, boardPlayers } };
}

/**
 * One burst of the largest size through a bare client, on a simulator of its own, before
 * anything is measured. The simulator runs in this process, and the first client measured (the
 * bot, at the smallest sizes) would otherwise also pay for compiling the simulator's click and
 * callback paths: in one run without it, the bot's ack p99 at 2,000 members was ×8.1 the bare
 * client's (114 vs 14 ms); with it, ×1.1 (45 vs 41 ms).
 */
async function warmUp(validator: OpenApiValidator, members: number): Promise<Burst> {
  const sim = await startLoadSim(validator);
  // The bare client keeps nothing on disk: no directory of its own.
  const bare = spawnKind('bare client', sim, tmpdir(), true);
  try {
    await Promise.all([connected(sim, bare, 60_000), bare.probeReady()]);
    const ids = addMembers(sim, members);
    const body = { content: 'Warm-up', components: [{ type: 1, components: ['a', 'b', 'c', 'd'].map((id) => ({ type: 2, style: 1, label: id.toUpperCase(), custom_id: `warm-up:${id}` })) }] };
    return await bareQuestion(sim, bare, ids, body);
  } finally {
    await bare.stop();
    await sim.close();
  }
}

/** The bare client: the bot's own question message, posted by it on its simulator, and the same burst. */
async function bareQuestion(sim: Simulator, bare: Child, members: readonly string[], body: Record<string, unknown>): Promise<Burst> {
  const posted = await bare.request({ bare: 'post', id: 1, channelId: sim.channelId(GUILD, 'quiz'), body }, (reply) =>
    reply['bare'] === 'posted' && reply['id'] === 1 ? reply : undefined,
  );
  if (typeof posted['messageId'] !== 'string') throw new Error(`the bare client could not post the question: ${String(posted['error'])}`);
  return burst(sim, bare, posted['messageId'], members);
}

function printSize(out: Out, title: string, r: SizeResult): void {
  const n = r.members;
  out.line(title, `clicks dispatched in ${formatMs(r.bot.dispatchMs)} (bot) / ${formatMs(r.bare.dispatchMs)} (bare client)`);
  const acks = (b: Burst): string => (b.acks ? `${formatLatency(b.acks)}${b.missed > 0 ? ` (answered clicks only)` : ''}` : 'no answers');
  out.line('  ack, bot', acks(r.bot));
  out.line('  ack, bare client', acks(r.bare));
  if (r.bot.acks && r.bare.acks && r.bot.missed === 0 && r.bare.missed === 0) {
    out.line('  ack, bot / bare client', `p50 ${formatRatio(r.bot.acks.p50, r.bare.acks.p50)} · p99 ${formatRatio(r.bot.acks.p99, r.bare.acks.p99)} · max ${formatRatio(r.bot.acks.max, r.bare.acks.max)}`);
  } else {
    out.line('  ack, bot / bare client', `not comparable: ${r.bot.missed > 0 ? 'the bot' : 'the bare client'} missed deadlines`);
  }
  out.line('  missed the 3 s deadline', `bot ${formatNumber(r.bot.missed)} · bare client ${formatNumber(r.bare.missed)} (bot: ${formatNumber(r.bot.lockedIn)} of ${formatNumber(n)} "locked in"${r.bot.deferred > 0 ? `, ${formatNumber(r.bot.deferred)} deferred` : ''})`);
  const board =
    r.committedMs !== undefined
      ? `all ${formatNumber(n)} scores on the server board by ${formatMs(r.committedMs)}`
      : r.boardPlayers === undefined
        ? 'server board not read'
        : `server board still at ${formatNumber(r.boardPlayers)} of ${formatNumber(n)} players after ${formatMs(COMMIT_WAIT_MS)}`;
  out.line('  time-up → reveal edit · → scores committed', r.revealMs === undefined ? 'no reveal seen' : `${formatMs(r.revealMs)} · ${board}`);
  const revealBlock = r.revealWindow === undefined ? '' : ` · time-up → reveal: bot ${formatMs(r.revealWindow.maxBlockMs)}, ${formatMs(cpuMs(r.revealWindow))} CPU`;
  out.line('  longest event-loop block, burst', `bot ${formatMs(r.bot.window.maxBlockMs)} · bare client ${formatMs(r.bare.window.maxBlockMs)}${revealBlock}`);
  const held = (w: ProbeWindow): string => (w.maxHeldMs === null ? 'not available' : `${formatMs(w.maxHeldMs)}, ${formatMs(w.waitingForCoreMs ?? 0)} waiting for a core in all`);
  out.line('  its own work held the loop at most', `bot ${held(r.bot.window)} · bare client ${held(r.bare.window)}`);
  const gc = (w: ProbeWindow): string => `${formatMs(w.maxGcPauseMs)}, ${formatMs(w.gcMs)} in all`;
  out.line('  garbage collection: longest pause', `bot ${gc(r.bot.window)} · bare client ${gc(r.bare.window)}`);
  const botCpu = cpuMs(r.bot.window) / n;
  const bareCpu = cpuMs(r.bare.window) / n;
  out.line('  CPU per click', `bot ${formatMs(botCpu)} · bare client ${formatMs(bareCpu)} (${formatRatio(botCpu, bareCpu)}) · loop busy ${percent(r.bot.window.loopUtilization)} / ${percent(r.bare.window.loopUtilization)}`);
  const threads = (w: ProbeWindow): string => {
    const others = otherThreadsCpuMs(w);
    return others === null || w.mainThreadCpuMs === null ? 'not available' : `${formatMs(w.mainThreadCpuMs)} / ${formatMs(others)}`;
  };
  out.line('  CPU, main thread / other threads', `bot ${threads(r.bot.window)} · bare client ${threads(r.bare.window)}`);
  const botBytes = r.bot.window.wcharBytes;
  const bareBytes = r.bare.window.wcharBytes;
  out.line(
    '  bytes written per click',
    botBytes === null || bareBytes === null
      ? 'not available (no /proc/self/io)'
      : `bot ${formatBytes(botBytes / n)} · bare client ${formatBytes(bareBytes / n)} (${formatRatio(botBytes, bareBytes)})${
          r.bot.missed === 0 && r.bare.missed === 0 ? ` · the bot's own ${formatBytes((botBytes - bareBytes) / n)}` : ''
        }`,
  );
  out.line('  memory after the burst (rss)', `bot ${formatBytes(r.bot.window.rssBytes)} · bare client ${formatBytes(r.bare.window.rssBytes)}`);
  const harness = (b: Burst): string => `${formatMs(b.harness.cpuMs / n)} CPU per click, longest block ${formatMs(b.harness.maxBlockMs)}, GC ${formatMs(b.harness.gcMs)} (longest ${formatMs(b.harness.maxGcPauseMs)})`;
  out.line('  the simulator (this process) in each burst', `bot's: ${harness(r.bot)} · bare client's: ${harness(r.bare)}`);
  const logs = (name: string, t: LogTally): string | undefined => (t.warnings + t.errors > 0 ? `${name} logged ${t.warnings} warning(s), ${t.errors} error(s)` : undefined);
  for (const line of [logs('bot', r.botLogs), logs('bare client', r.bareLogs)]) if (line !== undefined) out.note(line);
  for (const sample of [...r.botLogs.samples, ...r.bareLogs.samples].slice(0, 2)) out.note(`  ${sample}`);
}

function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

function printStartups(out: Out, startups: ReadonlyMap<StartKind, StartupResult>, runs: number): void {
  out.section(`5b. Start-up: spawn → the first answer to /about through the simulator (${runs === 1 ? '1 run' : `${runs} runs`} each, median)`);
  const bareMedian = startups.get('bare client')?.median;
  for (const kind of START_KINDS) {
    const s = startups.get(kind);
    if (s === undefined) continue;
    const each = `(${s.runs.map((ms) => formatMs(ms)).join(', ')}${s.failures.length > 0 ? `; ${s.failures.length} failed` : ''})`;
    const ratio = kind === 'bare client' || bareMedian === undefined || s.median === undefined ? '' : ` · ${formatRatio(s.median, bareMedian)} the bare client`;
    out.line(kind === 'npm start' ? 'npm start (build-if-stale, then the bot in the same process)' : kind, s.median === undefined ? `never answered ${each}` : `${formatMs(s.median)} ${each}${ratio}`);
    for (const failure of s.failures.slice(0, 1)) out.note(`${kind} failed: ${failure.split('\n').slice(0, 4).join(' | ')}`);
  }
}

// ---------------------------------------------------------------------------------------------

interface StartupResult {
  readonly runs: number[];
  readonly failures: string[];
  median: number | undefined;
}

/** Spawn → the first reply to `/about`, `runs` times for each way of starting, interleaved so that drift spreads evenly. */
async function measureStartups(validator: OpenApiValidator, dir: string, runs: number): Promise<Map<StartKind, StartupResult>> {
  const results = new Map<StartKind, StartupResult>(START_KINDS.map((k) => [k, { runs: [], failures: [], median: undefined }]));
  for (let run = 0; run < runs; run++) {
    for (const kind of START_KINDS) {
      const result = results.get(kind);
      if (result === undefined) continue;
      // A launcher that failed once (a build that does not compile) fails the same way again.
      if (result.failures.length > 0 && result.runs.length === 0) continue;
      try {
        result.runs.push(await startupOnce(kind, validator, join(dir, `${run}-${kind.replace(/\W+/g, '-')}`)));
      } catch (err) {
        result.failures.push(err instanceof Error ? err.message : String(err));
      }
    }
  }
  for (const r of results.values()) r.median = r.runs.length > 0 ? median(r.runs) : undefined;
  return results;
}

async function startupOnce(kind: StartKind, validator: OpenApiValidator, dir: string): Promise<number> {
  const sim = await startLoadSim(validator);
  let child: Child | undefined;
  try {
    const channelId = sim.channelId(GUILD, 'quiz');
    child = spawnKind(kind, sim, dir, false);
    const { spawnedAt } = child;
    await connected(sim, child, 120_000);
    // Connected is not yet answering (the bot loads saved quizzes first): ask until it answers.
    for (;;) {
      try {
        await within(sim.command({ channelId, userId: HOST_ID, name: 'about' }).waitForReply({ timeoutMs: DEADLINE_MS + 500 }), DEADLINE_MS + 1_000, '/about');
        return performance.now() - spawnedAt;
      } catch (err) {
        if (child.hasExited()) throw new Error(`${kind} exited before answering:\n${child.tail()}`);
        if (performance.now() - spawnedAt > 120_000) throw err;
      }
    }
  } finally {
    await child?.stop();
    await sim.close();
  }
}
