import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { describeCommand, runPlayground, startPlayground, type Playground } from '../../scripts/playground.js';
import { createLogger } from '../../src/logger.js';
import { manualClock } from '../../src/quiz/rng.js';
import { createFakeScheduler } from '../../src/quiz/scheduler.js';
import { createOpenApiValidator, type OpenApiValidator } from '../sim/index.js';

let sharedValidator: OpenApiValidator | undefined;
const validator = (): OpenApiValidator => (sharedValidator ??= createOpenApiValidator());
const silent = createLogger('silent');
const TIMINGS = { introMs: 2_000, revealPauseMs: 3_000 };

interface Session {
  readonly pg: Playground;
  readonly lines: string[];
  readonly scheduler: ReturnType<typeof createFakeScheduler>;
  /** Everything printed since the last call (and the whole transcript so far). */
  since(): string;
  /** Waits until the transcript printed after `mark` contains `text`. */
  waitFor(text: string, mark: number): Promise<string>;
}

const open: Playground[] = [];

async function session(): Promise<Session> {
  const clock = manualClock(Date.UTC(2026, 10, 21, 20));
  const scheduler = createFakeScheduler(clock);
  const lines: string[] = [];
  const pg = await startPlayground({ print: (l) => lines.push(l), logger: silent, validator: validator(), clock, scheduler, timings: TIMINGS });
  open.push(pg);
  let read = 0;
  return {
    pg,
    lines,
    scheduler,
    since() {
      const text = lines.slice(read).join('\n');
      read = lines.length;
      return text;
    },
    async waitFor(text, mark) {
      const deadline = Date.now() + 5_000;
      for (;;) {
        const printed = lines.slice(mark).join('\n');
        if (printed.includes(text)) return printed;
        if (Date.now() > deadline) throw new Error(`"${text}" was not printed; transcript since then:\n${printed}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  };
}

afterEach(async () => {
  for (const pg of open.splice(0)) {
    pg.sim.assertNoViolations();
    await pg.close();
  }
});

describe('playground', () => {
  it('given a short session (look-ups, a one-question quiz with clicks, switching member), the transcript shows every reply and the standings', async () => {
    const s = await session();
    const { pg } = s;
    expect(s.since()).toContain('You are you in #general. Type help');

    expect(await pg.handleLine('/film')).toBe('continue');
    let out = s.since();
    expect(out).toContain('── #general (Big City Fans) ──');
    expect(out).toContain('> you used /film');
    expect(out).toContain('Lee Eon-hee (이언희)');

    await pg.handleLine('/cast name:jae');
    out = s.since();
    expect(out).toContain('> you used /cast name:jae');
    expect(out).toContain('Kim Go-eun (김고은)');

    await pg.handleLine('/quiz start rounds:1 seconds:10');
    out = s.since();
    expect(out).toContain('Love in the Big City quiz');
    // Mentions are shown as a Discord client shows them, not as <@id>.
    expect(out).toContain('@you started a quiz');
    expect(out).toContain('BigCity Bot (only you can see this): Quiz started: 1 question.');

    let mark = s.lines.length;
    await s.scheduler.advance(TIMINGS.introMs);
    out = await s.waitFor('Question 1 of 1', mark);
    const labels = [...out.matchAll(/\[([A-D]|True|False)\]\(primary\)/g)].map((m) => m[1]);
    expect(labels.length === 2 || labels.length === 4).toBe(true);
    s.since();

    const [first = '', second = ''] = labels;
    await pg.handleLine(first.toLowerCase());
    out = s.since();
    expect(out).toContain(`> you clicked [${first}]`);
    expect(out).toContain(`BigCity Bot (only you can see this): Your answer **${first}** is locked in.`);
    await pg.handleLine(first);
    expect(s.since()).toContain(`You already answered **${first}**`);

    expect(await pg.handleLine('as bob')).toBe('continue');
    expect(s.since()).toContain('You are now bob in #general.');
    expect(pg.prompt()).toBe('bob in #general> ');
    await pg.handleLine(second);
    out = s.since();
    expect(out).toContain(`> bob clicked [${second}]`);
    expect(out).toContain('(only bob can see this)');
    expect(out).not.toContain('only you can see this');

    mark = s.lines.length;
    await s.scheduler.advance(10_000);
    out = await s.waitFor('time is up', mark);
    expect(out).toContain('BigCity Bot (edited)');
    expect(out).toMatch(/1 of 2 got it right|Nobody got it right: all 2 answers were wrong\./);
    expect(out).toMatch(/\]\((success|secondary), disabled\)/);

    mark = s.lines.length;
    await s.scheduler.advance(TIMINGS.revealPauseMs);
    out = await s.waitFor('Final standings', mark);
    expect(out).toContain('@you');
    expect(out).toContain('@bob');
    s.since();

    expect(await pg.handleLine('quit')).toBe('quit');
    const file = fileURLToPath(`file://${pg.databaseUrl.slice('sqlite://'.length)}`);
    expect(existsSync(file)).toBe(true);
    await pg.close();
    expect(existsSync(file)).toBe(false);
  });

  it('given bad input (unknown command, bad option, no button, unknown member or channel), one helpful line is printed and the session goes on', async () => {
    const s = await session();
    const { pg } = s;
    s.since();
    const cases: [string, RegExp][] = [
      ['/nope', /✗ Unknown command \/nope\. Commands: \/film .*\/quiz/],
      ['/quiz start rounds:99', /✗ option rounds of \/quiz start: must be at most 30/],
      ['/quiz start rounds:2 rounds:3', /✗ option rounds given twice/],
      ['/character', /✗ .*missing required option\(s\): name/],
      ['film', /✗ "film" is not a playground command, and there is no button to press in #general/],
      ['B', /no button to press in #general/],
      ['as carol', /✗ No member named carol\. Members: you, alice, bob\./],
      ['in #nowhere', /✗ No channel #nowhere\. Channels: #general, #quiz/],
    ];
    for (const [line, expected] of cases) {
      expect(await pg.handleLine(line)).toBe('continue');
      const out = s.since();
      expect(out, line).toMatch(expected);
      expect(out.split('\n').filter((l) => l.trim() !== '')).toHaveLength(1);
    }
    // Still answering afterwards.
    await pg.handleLine('/about');
    expect(s.since()).toContain('> you used /about');
  });

  it('given dm, in #quiz and guild, commands go to that place and others\' private replies stay hidden', async () => {
    const s = await session();
    const { pg } = s;
    s.since();
    await pg.handleLine('dm');
    expect(s.since()).toContain('you is now in a DM with the bot.');
    await pg.handleLine('/quiz start');
    let out = s.since();
    expect(out).toContain('── DM between you and the bot ──');
    expect(out).toContain('Quizzes run in server channels');

    await pg.handleLine('in #quiz');
    expect(pg.place).toBe('#quiz');
    await pg.handleLine('/quiz practice');
    out = s.since();
    expect(out).toContain('── #quiz (Big City Fans) ──');
    expect(out).toContain('Practice question');

    // alice cannot see your practice question, so a label means nothing for her here.
    await pg.handleLine('as alice');
    s.since();
    await pg.handleLine('A');
    expect(s.since()).toContain('there is no button to press in #quiz');
    await pg.handleLine('as you');
    await pg.handleLine('guild');
    expect(pg.place).toBe('#quiz');
    expect(s.since()).toContain('you is back in #quiz (Big City Fans).');
  });

  it('given another member acting at the same time, their public replies are printed and their private ones are not', async () => {
    const s = await session();
    const { pg } = s;
    s.since();
    const general = pg.sim.channelId('Big City Fans', 'general');
    await pg.sim.command({ channelId: general, userId: 'alice', name: 'character', options: { name: 'nobody' } }).waitForReply();
    await pg.sim.command({ channelId: general, userId: 'alice', name: 'novel' }).waitForReply();
    await pg.sim.command({ dm: true, userId: 'bob', name: 'about' }).waitForReply();
    const out = s.since();
    expect(out).toContain('> alice used /novel');
    expect(out).not.toContain('/character');
    expect(out).not.toContain('only alice can see this');
    expect(out).not.toContain('DM between bob');
  });

  it('given the start of a long button label, that button is pressed (here the leaderboard reset confirmation)', async () => {
    const s = await session();
    s.since();
    await s.pg.handleLine('/config reset-leaderboard');
    expect(s.since()).toContain('[Reset leaderboard](danger)');
    await s.pg.handleLine('reset');
    const out = s.since();
    // The confirmation message itself is updated (an edit, not a new reply).
    expect(out).toContain("BigCity Bot (only you can see this, edited): Done: this server's leaderboard has been reset (all-time, every month and every week).");
  });

  it('given a practice answer, Next question asks another, and Report says the form cannot be filled in here', async () => {
    const s = await session();
    // A practice question may be A–D or True/False: press its first answer, whatever its label.
    const general = s.pg.sim.channelId('Big City Fans', 'general');
    const firstAnswer = (): string => {
      const latest = s.pg.sim.messages(general).at(-1);
      return (latest === undefined ? undefined : s.pg.sim.buttons(latest.id)[0]?.label) ?? 'no answer button';
    };
    await s.pg.handleLine('/quiz practice');
    s.since();
    await s.pg.handleLine(firstAnswer());
    expect(s.since()).toContain('[Next question](primary)');
    await s.pg.handleLine('next question');
    expect(s.since()).toContain('Practice question');
    const mark = s.lines.length;
    await s.pg.handleLine(firstAnswer());
    // The answer's practice record line follows once the store has counted it.
    await s.waitFor('Practice record: ', mark);
    s.since();
    await s.pg.handleLine('report');
    expect(s.since().split('\n').at(-1)).toBe('The bot opened a form, "Report this question". Forms cannot be filled in in the playground; on Discord a window opens.');
  });

  it('given a trailing ?, the autocomplete suggestions are printed instead of running the command', async () => {
    const s = await session();
    s.since();
    await s.pg.handleLine('/cast name:jae?');
    expect(s.since()).toMatch(/^Suggestions for name:"jae": .*Jae-hee \(재희\)/m);
  });

  it('given piped input, runPlayground echoes each line after its prompt and says goodbye after quit', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    const done = runPlayground({ input, output, logger: silent, validator: validator(), timings: TIMINGS });
    input.write('help\n/novel\nas bob\nquit\n');
    await done;
    expect(text).toContain('you in #general> help\n');
    expect(text).toContain('  as <member>');
    expect(text).toContain('/quiz start [rounds] [seconds] [scope] [difficulty] [spoilers]');
    expect(text).toContain('you in #general> /novel\n');
    expect(text).toContain('> you used /novel');
    expect(text).toContain('bob in #general> quit\n');
    expect(text.trimEnd().endsWith('the temporary database deleted.')).toBe(true);
  });
});

describe('describeCommand', () => {
  it('given a command with a subcommand group, one help line per leaf subcommand with required options marked', () => {
    const lines = describeCommand({
      name: 'config',
      options: [
        { type: 1, name: 'show' },
        { type: 2, name: 'quiz-channels', options: [{ type: 1, name: 'add', options: [{ type: 7, name: 'channel', required: true }] }, { type: 1, name: 'clear' }] },
      ],
    });
    expect(lines).toEqual(['  /config show', '  /config quiz-channels add channel:…', '  /config quiz-channels clear']);
  });
});
