/**
 * kill -9 during a 2,000-player burst (issue 10): the real bot runs as a child process against
 * the simulator with production timings, every member answers question 1 (clicks planned over
 * about a second; on a busy 2-core machine the dispatch loop can stretch to two or three), and
 * the bot is killed with SIGKILL at a random moment of that burst. Restarted on the same
 * database, it must resume the quiz and reveal question 1 with every answer it had told a player
 * was "locked in", and the scores must count each answer once.
 *
 * The moments are drawn from a seed printed with each trial; `QUIZ_CRASH_SEED=<seed>` replays
 * the same kill points and clicks (the bot's own timing still varies from run to run).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../../src/commands/index.js';
import { loadConfig } from '../../src/config.js';
import { registerCommands } from '../../src/discord/deploy.js';
import { createLogger } from '../../src/logger.js';
import { seededRng } from '../../src/quiz/rng.js';
import { scoreAnswer, BASE_POINTS } from '../../src/quiz/scoring.js';
import type { Difficulty } from '../../src/quiz/types.js';
import { openStore, type RankedUserStats } from '../../src/store/index.js';
import { SIM_TOKEN } from '../../scripts/lib/sim-bot.js';
import { createOpenApiValidator, startSimulator, type InteractionHandle, type SimMessage, type Simulator } from '../sim/index.js';
import { spawnBot, type ChildBot } from './child-bot.js';

const MEMBERS = 2_000;
const SPREAD_MS = 1_000;
/** Long enough that the restarted bot is back before time-up, short enough for three trials in about a minute and a half. */
const SECONDS = 15;
/** How long after its closing second the reveal may arrive (the commit of some 2,000 answers, on a busy 2-core machine). */
const REVEAL_LATE_MS = 8_000;
const GUILD = 'Crash Test';
const HOST = 'host';
/** Discord's ButtonStyle.Success: the reveal marks the correct answer with it. */
const SUCCESS = 3;

const SEED = (() => {
  const given = Number.parseInt(process.env['QUIZ_CRASH_SEED'] ?? '', 10);
  return Number.isFinite(given) ? given >>> 0 : Math.floor(Math.random() * 2 ** 32);
})();

/** Where in the burst each trial kills the bot, as a share of the clicks dispatched. */
const TRIALS = [
  { name: 'early', when: 'early in', from: 0.15, to: 0.3 },
  { name: 'middle', when: 'in the middle of', from: 0.4, to: 0.6 },
  { name: 'late', when: 'late in', from: 0.7, to: 0.95 },
] as const;

const validator = createOpenApiValidator();
const playerNames = Array.from({ length: MEMBERS }, (_, i) => `p${String(i).padStart(4, '0')}`);

interface Trial {
  sim?: Simulator;
  readonly bots: ChildBot[];
  readonly dir: string;
}
let trial: Trial | undefined;

afterEach(async () => {
  const t = trial;
  trial = undefined;
  if (!t) return;
  try {
    t.sim?.assertNoViolations();
  } finally {
    // Whatever happened, no bot outlives its trial.
    for (const bot of t.bots) bot.kill('SIGKILL');
    await Promise.all(t.bots.map((b) => b.exited));
    await t.sim?.close().catch(() => undefined);
    rmSync(t.dir, { recursive: true, force: true });
  }
}, 30_000);

function embedOf(m: SimMessage): { title?: string; description?: string; footer?: { text?: string }; fields?: { name: string; value: string }[] } {
  const embeds = m.data['embeds'];
  return Array.isArray(embeds) && embeds.length > 0 ? (embeds[0] as ReturnType<typeof embedOf>) : {};
}
const titleOf = (m: SimMessage): string => embedOf(m).title ?? '';
const contentOf = (m: SimMessage): string => (typeof m.data['content'] === 'string' ? m.data['content'] : '');

/**
 * How many players the reveal says answered (src/discord/quiz-view.ts renderReveal with the
 * English texts of src/i18n/messages/quiz.ts): "R of N got it right", "Nobody got it right: all N
 * answers were wrong", the one-answer form, or "Nobody answered". Checked against the per-option
 * counts ("**A** … · 12") it also shows.
 */
function revealedAnswers(reveal: SimMessage): number {
  const embed = embedOf(reveal);
  const description = embed.description ?? '';
  const perOption = description
    .split('\n')
    .map((line) => /^\*\*[^*]+\*\*.* · (\d+)$/.exec(line)?.[1])
    .filter((n): n is string => n !== undefined)
    .reduce((sum, n) => sum + Number(n), 0);
  let answered: number | undefined;
  const scorers = embed.fields?.map((f) => /^(\d+) of (\d+) got it right$/.exec(f.name)).find((m) => m !== null);
  if (scorers?.[2]) answered = Number(scorers[2]);
  else if (description.includes('Nobody answered this question.')) answered = 0;
  else if (description.includes('Nobody got it right: the one answer was wrong.')) answered = 1;
  else {
    const all = /Nobody got it right: all (\d+) answers were wrong\./.exec(description)?.[1];
    if (all) answered = Number(all);
  }
  if (answered === undefined) throw new Error(`no answer count in the reveal:\n${JSON.stringify(embed, null, 2)}`);
  expect(perOption, 'the per-option counts add up to the answer count').toBe(answered);
  return answered;
}

function difficultyOf(question: SimMessage): Difficulty {
  // Footer: "<difficulty> · <seconds> s to answer".
  const word = /^(easy|medium|hard) · /.exec(embedOf(question).footer?.text ?? '')?.[1];
  if (word !== 'easy' && word !== 'medium' && word !== 'hard') throw new Error(`no difficulty in the question footer: ${embedOf(question).footer?.text ?? ''}`);
  return word;
}

/** Resolves when `wait` does; rejects with the bot's output when the bot exits first. */
async function whileAlive<T>(bot: ChildBot, what: string, wait: Promise<T>): Promise<T> {
  const died = bot.exited.then((exit) => {
    throw new Error(`the bot exited (${JSON.stringify(exit)}) while waiting for ${what}:\n${bot.output()}`);
  });
  return Promise.race([wait, died]);
}

const yieldTo = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    // Always give the event loop a turn: the simulator answers the bot's REST calls in this process.
    if (ms > 1) setTimeout(resolve, ms);
    else setImmediate(resolve);
  });

interface Sent {
  readonly userId: string;
  readonly label: string;
  readonly handle: InteractionHandle;
}

describe(`kill -9 during a ${MEMBERS.toLocaleString('en')}-player burst (seed ${SEED})`, () => {
  TRIALS.forEach((spec, index) => {
    it(`given the bot killed ${spec.when} the burst, every answer told "locked in" is revealed and scored once, and none is counted twice`, async () => {
      const rng = seededRng((SEED + index * 0x9e3779b9) >>> 0);
      const killAt = Math.floor((spec.from + rng.next() * (spec.to - spec.from)) * MEMBERS);
      const began = performance.now();

      const dir = mkdtempSync(join(tmpdir(), 'bigcity-crash-'));
      const t: Trial = { bots: [], dir };
      trial = t;
      const sim = await startSimulator({
        token: SIM_TOKEN,
        validator,
        waitTimeoutMs: 20_000,
        guilds: [{ name: GUILD, owner: HOST, members: [{ username: HOST }, ...playerNames.map((username) => ({ username }))], channels: [{ name: 'quiz' }] }],
      });
      t.sim = sim;
      const databaseUrl = `sqlite://${join(dir, 'bot.sqlite')}`;
      const env = {
        DISCORD_TOKEN: sim.token,
        DISCORD_CLIENT_ID: sim.applicationId,
        DISCORD_API_URL: sim.apiUrl,
        DATABASE_URL: databaseUrl,
        LOG_LEVEL: 'warn',
        // The killed bot's lease on its quiz lapses within a second: the restarted bot (a new
        // process, so another owner) takes the quiz over as soon as it is up.
        QUIZ_LEASE_MS: '1000',
      };
      await registerCommands(loadConfig(env, 'deploy'), commands);
      const guildId = sim.guild(GUILD).id;
      const channelId = sim.channelId(GUILD, 'quiz');
      const players = playerNames.map((name) => sim.userId(name));

      const first = spawnBot(env, dir);
      t.bots.push(first);
      await whileAlive(first, 'the bot to identify', sim.waitForBot({ timeoutMs: 45_000 }));
      await whileAlive(first, 'the quiz to start', sim.command({ channelId, userId: HOST, name: 'quiz start', options: { rounds: 2, seconds: SECONDS } }).waitForReply());
      const q1 = await whileAlive(
        first,
        'question 1',
        sim.waitForMessage((m) => !m.ephemeral && titleOf(m) === 'Question 1 of 2', { channelId, timeoutMs: 20_000, description: 'question 1' }),
      );
      const labels = sim.buttons(q1.id).map((b) => b.label ?? '');
      // "Answers close <t:SECONDS:R>.": the closing time, rounded down to the second.
      const closesAtSec = Number(/<t:(\d+):R>/.exec(embedOf(q1).description ?? '')?.[1]);
      expect(closesAtSec, 'question 1 shows when it closes').toBeGreaterThan(0);
      const difficulty = difficultyOf(q1);

      // The burst: one click per member, spread over SPREAD_MS, with SIGKILL before click `killAt`.
      const sent: Sent[] = [];
      let unsent = 0;
      let killedAtMs = Number.NaN;
      const burstStart = performance.now();
      for (let i = 0; i < MEMBERS; i++) {
        await yieldTo(burstStart + (i * SPREAD_MS) / MEMBERS - performance.now());
        if (i === killAt) {
          expect(first.kill('SIGKILL'), 'the bot was still running when it was killed').toBe(true);
          killedAtMs = performance.now() - burstStart;
        }
        const userId = players[i] ?? '';
        const label = labels[Math.floor(rng.next() * labels.length)] ?? '';
        try {
          sent.push({ userId, label, handle: sim.click({ messageId: q1.id, userId, label }) });
        } catch (err) {
          // Once the simulator has seen the socket close there is no bot to dispatch to.
          if (i < killAt) throw err;
          unsent++;
        }
      }
      const burstMs = performance.now() - burstStart;
      console.info(
        `quiz-crash seed ${SEED} (${spec.name}): SIGKILL before click ${killAt} of ${MEMBERS}, ${killedAtMs.toFixed(0)} ms into a ${burstMs.toFixed(0)} ms burst; replay with QUIZ_CRASH_SEED=${SEED}`,
      );

      const killed = await first.exited;
      expect(killed, 'the first bot ended by the kill').toEqual({ code: null, signal: 'SIGKILL' });
      await sim.waitFor(() => (sim.sessions.length === 0 ? true : undefined), 'the killed bot to drop off the gateway', { timeoutMs: 10_000 });

      // What each member was told. Clicks the bot never answered fail at the 3 s deadline.
      const settled = await Promise.allSettled(sent.map((s) => s.handle.response));
      const acknowledged = new Map<string, string>();
      let otherReplies = 0;
      settled.forEach((result, i) => {
        const s = sent[i];
        if (!s || result.status !== 'fulfilled') return;
        const content = result.value.data?.['content'];
        if (typeof content === 'string' && content.includes('locked in')) {
          expect(content, `${s.userId}'s confirmation names the answer clicked`).toContain(`**${s.label}**`);
          acknowledged.set(s.userId, s.label);
        } else otherReplies++;
      });
      const failed = settled.filter((r) => r.status === 'rejected').length;
      expect(otherReplies, 'every answered click was a "locked in" confirmation').toBe(0);
      expect(acknowledged.size, 'the bot confirmed some answers before it was killed (else this trial proves nothing)').toBeGreaterThan(0);

      // The restart: same environment, same database.
      const second = spawnBot(env, dir);
      t.bots.push(second);
      const restartedAt = performance.now();
      await whileAlive(second, 'the restarted bot to identify', sim.waitForBot({ timeoutMs: 45_000 }));
      await whileAlive(
        second,
        'the resume notice',
        sim.waitForMessage((m) => !m.ephemeral && contentOf(m).startsWith('Back after a restart'), { channelId, timeoutMs: 30_000, description: 'the resume notice' }),
      );
      const backMs = performance.now() - restartedAt;
      // Any message: a resumed quiz that lost the question message would reveal in a new one (checked below).
      const reveal = await whileAlive(
        second,
        'the reveal of question 1',
        sim.waitForMessage((m) => !m.ephemeral && titleOf(m) === 'Question 1 of 2: time is up', {
          channelId,
          timeoutMs: SECONDS * 1_000 + 20_000,
          description: 'the reveal of question 1',
        }),
      );
      const revealedAt = Date.now();
      const revealed = revealedAnswers(reveal);
      console.info(
        `quiz-crash seed ${SEED} (${spec.name}): ${acknowledged.size} told "locked in", ${revealed} revealed as answered; ` +
          `${killAt} clicks dispatched before the kill, ${sent.length - killAt} after it (${failed} failed in all), ${unsent} not dispatched (no bot connected); ` +
          `restarted bot back in ${(backMs / 1_000).toFixed(1)} s, reveal ${revealedAt - closesAtSec * 1_000} ms after the closing second`,
      );
      expect(revealed, 'the reveal counts every acknowledged answer').toBeGreaterThanOrEqual(acknowledged.size);
      expect(revealed, 'nobody clicking after the kill is counted').toBeLessThanOrEqual(killAt);
      expect(reveal.id, 'the resumed quiz turned the question message itself into the reveal').toBe(q1.id);
      // The resumed round keeps its original closing time (test/e2e/quiz-restart.test.ts checks it to the millisecond).
      expect(revealedAt, 'the round closed no earlier than its time').toBeGreaterThanOrEqual(closesAtSec * 1_000);
      expect(revealedAt - closesAtSec * 1_000, 'the resumed round closed soon after its time').toBeLessThan(REVEAL_LATE_MS);
      const correctLabel = sim.buttons(reveal.id).find((b) => b.style === SUCCESS)?.label;
      if (!correctLabel) throw new Error('the reveal marks no correct answer');

      // The rest of the quiz is not needed: stop it so its game is recorded, then stop the bot.
      await whileAlive(second, '/quiz stop', sim.command({ channelId, userId: HOST, name: 'quiz stop' }).waitForReply());
      await whileAlive(
        second,
        'the final standings',
        sim.waitForMessage((m) => !m.ephemeral && titleOf(m) === 'Final standings', { channelId, timeoutMs: 20_000, description: 'the final standings' }),
      );
      expect(await second.stop(), `the restarted bot stops cleanly:\n${second.output()}`).toEqual({ code: 0, signal: null });
      const dispatchedBeforeKill = sent.slice(0, killAt);

      // The board, read from the database the bot left.
      const store = await openStore(databaseUrl, { logger: createLogger('silent'), clock: { now: () => Date.now() } });
      let stats: (RankedUserStats | undefined)[];
      try {
        stats = await Promise.all(dispatchedBeforeKill.map((s) => store.scores.stats(s.userId, { guildId }, 'all-time')));
      } finally {
        await store.close();
      }
      const oneAnswerMax = scoreAnswer({ difficulty, correct: true, elapsedMs: 0, windowMs: SECONDS * 1_000, streakBefore: 0 }).total;
      let onBoard = 0;
      let boardPlayers: number | undefined;
      dispatchedBeforeKill.forEach((s, i) => {
        const st = stats[i];
        const label = acknowledged.get(s.userId);
        if (label !== undefined) expect(st, `${s.userId} was told "locked in" (${label}) and is on the board`).toBeDefined();
        if (!st) return;
        onBoard++;
        boardPlayers = st.players;
        const right = s.label === correctLabel;
        expect(
          { answered: st.answered, correct: st.correct, gamesPlayed: st.gamesPlayed },
          `${s.userId} answered ${s.label} (correct: ${correctLabel}) once`,
        ).toEqual({ answered: 1, correct: right ? 1 : 0, gamesPlayed: 1 });
        if (right) {
          expect(st.points, `${s.userId}'s points are one correct ${difficulty} answer's`).toBeGreaterThanOrEqual(BASE_POINTS[difficulty]);
          expect(st.points, `${s.userId}'s points are one correct ${difficulty} answer's`).toBeLessThanOrEqual(oneAnswerMax);
        } else {
          expect(st.points, `${s.userId} answered wrong`).toBe(0);
        }
      });
      expect(onBoard, 'the board holds exactly the players the reveal counted').toBe(revealed);
      // Everyone on the board is among those who clicked before the kill.
      expect(boardPlayers ?? 0, 'nobody else is on the board').toBe(onBoard);
      console.info(`quiz-crash seed ${SEED} (${spec.name}): trial took ${((performance.now() - began) / 1_000).toFixed(1)} s`);
    }, 80_000);
  });
});
