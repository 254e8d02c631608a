/**
 * Moderator configuration end to end: the real bot (startBot) against the local Discord
 * simulator. Every /config subcommand, its refusals, and its enforcement in /quiz start and
 * in the look-up commands. Restart, leaderboard reset and removal are in config-lifecycle.test.ts.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ALL_SPOILERS, isRevealed, NO_SPOILERS } from '../../src/data/spoilers.js';
import { DEFAULT_GUILD_SETTINGS } from '../../src/store/settings.js';
import { SimulatorUsageError } from '../sim/index.js';
import { plain, sp } from '../spoiler-helpers.js';
import { embedsOf, introCount, latestIntro, resetGuild, run, settingChanges } from './config-helpers.js';
import { startHarness, type Harness } from './harness.js';

const FANS = 'Big City Fans';

let h: Harness;
let fansId: string;
let general: string;
let quizChannel: string;

beforeAll(async () => {
  h = await startHarness({ manualTime: true });
  fansId = h.sim.guild(FANS).id;
  general = h.channel(FANS, 'general');
  quizChannel = h.channel(FANS, 'quiz');
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await resetGuild(h, FANS, ['bob', 'carol']);
});
afterEach(() => {
  h.sim.assertNoViolations();
  expect(h.sim.messagesAllowingEveryone()).toEqual([]);
});

const settings = () => h.bot.ctx.store.settings.get(fansId);
/** Sets the cap; `max` is given in its canonical text (`film+series-4`), which the reply repeats. */
const setCap = async (max: string) => {
  const answer = await run(h, { channelId: general, userId: 'mod', name: 'config spoilers', options: { max } });
  expect(answer.text).toContain(`capped at \`${max}\``);
};

describe('/config show', () => {
  it('given a moderator, /config show answers privately with one embed listing every setting', async () => {
    const answer = await run(h, { channelId: general, userId: 'mod', name: 'config show' });
    expect(answer.ephemeral).toBe(true);
    const embeds = embedsOf(answer.message);
    expect(embeds).toHaveLength(1);
    expect(embeds[0]?.title).toBe('Quiz settings for this server');
    expect(embeds[0]?.fields?.map((f) => f.name)).toEqual(['Quiz channels', 'Spoiler cap', 'Quiz role', 'Quiz ping', 'Quiz defaults', 'Language of quiz messages']);
    expect(answer.text).toContain('Quiz channels: Anywhere');
    expect(answer.text).toContain('Quiz ping: No role is mentioned');
    expect(answer.text).toContain('Spoiler cap: `all`: everything: the film, the whole series and the whole novel. Quizzes and look-ups never go beyond it.');
    expect(answer.text).toContain('Quiz role: Anyone may start quizzes');
    expect(answer.text).toContain('Quiz defaults: 10 questions · 20 s each · mixed · spoilers `none`');
    expect(answer.text).toContain("Language of quiz messages: Server default, now English: the server's preferred language is not Korean");
  });

  it('given changed settings, /config show lists the new values', async () => {
    await run(h, { channelId: general, userId: 'mod', name: 'config quiz-channels add', options: { channel: '#quiz' } });
    await run(h, { channelId: general, userId: 'mod', name: 'config quiz-role set', options: { role: '@Quizmaster' } });
    await run(h, { channelId: general, userId: 'mod', name: 'config quiz-defaults', options: { rounds: 5, difficulty: 'hard' } });
    await setCap('film+series-4');
    const answer = await run(h, { channelId: general, userId: 'olivia', name: 'config show' });
    const roleId = h.sim.guild(FANS).roles['Quizmaster'];
    expect(answer.text).toContain(`Quiz channels: <#${quizChannel}>`);
    expect(answer.text).toContain('Spoiler cap: `film+series-4`: the film, series episodes 1–4.');
    expect(answer.text).toContain(`Quiz role: <@&${roleId}> (and members with Manage Server)`);
    expect(answer.text).toContain('Quiz defaults: 5 questions · 20 s each · hard · spoilers `none`');
  });
});

describe('/config quiz-channels', () => {
  it('given moderators adding channels at the same moment, every channel is kept', async () => {
    const [extra1, extra2] = ['extra-1', 'extra-2'].map((name) => h.sim.guild(FANS).channels[name] ?? h.sim.addChannel(FANS, { name }));
    if (!extra1 || !extra2) throw new Error('channels not created');
    const extra = [extra1, extra2];
    const wanted = [quizChannel, general, ...extra];
    const handles = wanted.map((channel, i) =>
      h.sim.command({ channelId: general, userId: i % 2 === 0 ? 'mod' : 'olivia', name: 'config quiz-channels add', options: { channel } }),
    );
    const texts = await Promise.all(handles.map(async (x) => h.sim.renderMessage(await x.waitForReply())));
    for (const text of texts) expect(text).toContain('Quizzes may now run in');
    expect([...(await settings()).quizChannels].sort()).toEqual([...wanted].sort());

    // Removing two at once keeps the other two.
    const removals = [quizChannel, extra1].map((channel) => h.sim.command({ channelId: general, userId: 'mod', name: 'config quiz-channels remove', options: { channel } }));
    await Promise.all(removals.map((x) => x.waitForReply()));
    expect([...(await settings()).quizChannels].sort()).toEqual([general, extra2].sort());
  });

  it('given a text channel, add saves it and /quiz start is then refused elsewhere, naming the allowed channel, and works there', async () => {
    const added = await run(h, { channelId: general, userId: 'mod', name: 'config quiz-channels add', options: { channel: '#quiz' } });
    expect(added.ephemeral).toBe(true);
    expect(added.text).toContain(`Quizzes may now run in <#${quizChannel}>`);
    expect((await settings()).quizChannels).toEqual([quizChannel]);

    const before = introCount(h, general);
    const refused = await run(h, { channelId: general, userId: 'alice', name: 'quiz start' });
    expect(refused.ephemeral).toBe(true);
    expect(refused.text).toContain("Quizzes can't run in this channel");
    expect(refused.text).toContain(`<#${quizChannel}>`);
    expect(introCount(h, general)).toBe(before);
    expect(h.bot.ctx.quiz.running(general)).toBeUndefined();

    const started = await run(h, { channelId: quizChannel, userId: 'alice', name: 'quiz start' });
    expect(started.text).toContain('Quiz started');
    expect(h.bot.ctx.quiz.running(quizChannel)?.hostId).toBe(h.sim.userId('alice'));
  });

  it('given two listed channels, the refusal names both', async () => {
    await run(h, { channelId: general, userId: 'mod', name: 'config quiz-channels add', options: { channel: '#quiz' } });
    const second = await run(h, { channelId: general, userId: 'mod', name: 'config quiz-channels add', options: { channel: '#general' } });
    expect(second.text).toContain(`Quizzes may now run in <#${general}>.`);
    const refused = await run(h, { channelId: h.channel(FANS, 'no-embeds'), userId: 'alice', name: 'quiz start' });
    expect(refused.text).toContain(`<#${quizChannel}>, <#${general}>`);
  });

  it('given a voice channel (sent anyway), add is refused for its type and nothing is saved', async () => {
    expect(() => h.sim.command({ channelId: general, userId: 'mod', name: 'config quiz-channels add', options: { channel: '#voice' } })).toThrow(SimulatorUsageError);
    const refused = await run(h, { channelId: general, userId: 'mod', name: 'config quiz-channels add', options: { channel: '#voice' }, force: true });
    expect(refused.ephemeral).toBe(true);
    expect(refused.text).toContain('is not a text or announcement channel');
    expect((await settings()).quizChannels).toEqual([]);
  });

  it.each([
    ['read-only', 'Send Messages'],
    ['no-embeds', 'Embed Links'],
  ])('given #%s where the bot lacks %s, add is refused naming the permission before anything is saved', async (name, permission) => {
    const since = h.logs.length;
    const refused = await run(h, { channelId: general, userId: 'mod', name: 'config quiz-channels add', options: { channel: `#${name}` } });
    expect(refused.ephemeral).toBe(true);
    expect(refused.text).toContain(`missing the ${permission} permission`);
    expect(refused.text).toContain(`<#${h.channel(FANS, name)}>`);
    expect((await settings()).quizChannels).toEqual([]);
    expect(settingChanges(h, since)).toEqual([]);
  });

  it('given a channel the bot cannot see, add is refused naming View Channel', async () => {
    const secret = h.sim.addChannel(FANS, { name: 'secret', overwrites: [{ member: '@bot', deny: ['ViewChannel'] }] });
    const refused = await run(h, { channelId: general, userId: 'mod', name: 'config quiz-channels add', options: { channel: secret } });
    expect(refused.text).toContain('missing the View Channel permission');
    expect((await settings()).quizChannels).toEqual([]);
  });

  it('given an announcement channel, add accepts it', async () => {
    const news = h.sim.addChannel(FANS, { name: 'news', type: 'announcement' });
    const added = await run(h, { channelId: general, userId: 'mod', name: 'config quiz-channels add', options: { channel: news } });
    expect(added.text).toContain(`Quizzes may now run in <#${news}>`);
    expect((await settings()).quizChannels).toEqual([news]);
  });

  it('given a channel already listed, add says so and keeps one copy', async () => {
    await run(h, { channelId: general, userId: 'mod', name: 'config quiz-channels add', options: { channel: '#quiz' } });
    const again = await run(h, { channelId: general, userId: 'mod', name: 'config quiz-channels add', options: { channel: '#quiz' } });
    expect(again.text).toContain('is already a quiz channel');
    expect((await settings()).quizChannels).toEqual([quizChannel]);
  });

  it('given a channel not on the list, remove is refused; given a listed one, remove takes it off', async () => {
    await run(h, { channelId: general, userId: 'mod', name: 'config quiz-channels add', options: { channel: '#quiz' } });
    const refused = await run(h, { channelId: general, userId: 'mod', name: 'config quiz-channels remove', options: { channel: '#general' } });
    expect(refused.ephemeral).toBe(true);
    expect(refused.text).toContain(`<#${general}> is not on the quiz channel list`);
    expect((await settings()).quizChannels).toEqual([quizChannel]);

    const removed = await run(h, { channelId: general, userId: 'mod', name: 'config quiz-channels remove', options: { channel: '#quiz' } });
    expect(removed.text).toContain(`Removed <#${quizChannel}>`);
    expect((await settings()).quizChannels).toEqual([]);
    const started = await run(h, { channelId: general, userId: 'alice', name: 'quiz start' });
    expect(started.text).toContain('Quiz started');
  });

  it('given a list, clear allows quizzes anywhere again', async () => {
    await run(h, { channelId: general, userId: 'mod', name: 'config quiz-channels add', options: { channel: '#quiz' } });
    const cleared = await run(h, { channelId: general, userId: 'mod', name: 'config quiz-channels clear' });
    expect(cleared.text).toContain('any channel again');
    expect(cleared.text).toContain('Quiz channels: Anywhere');
    expect((await settings()).quizChannels).toEqual([]);
    const started = await run(h, { channelId: general, userId: 'alice', name: 'quiz start' });
    expect(started.text).toContain('Quiz started');
  });
});

describe('/config spoilers', () => {
  it('given a cap of film, /quiz start spoilers:film+series-3 is refused naming the cap, and spoilers:film is accepted', async () => {
    await setCap('film');
    expect((await settings()).maxSpoilers).toEqual(plain('film'));
    const refused = await run(h, { channelId: general, userId: 'alice', name: 'quiz start', options: { spoilers: 'film+series-3' } });
    expect(refused.ephemeral).toBe(true);
    expect(refused.text).toContain('allows spoilers up to `film`');
    expect(refused.text).toContain('`film+series-3` goes beyond that');
    expect(h.bot.ctx.quiz.running(general)).toBeUndefined();

    const started = await run(h, { channelId: general, userId: 'alice', name: 'quiz start', options: { spoilers: 'film' } });
    expect(started.text).toContain('Quiz started');
    expect(latestIntro(h, general)).toContain('Spoilers: **the film**');
  });

  it('given a cap of series-4 (the series only), /quiz start spoilers:film is refused and spoilers:series-2 is accepted', async () => {
    await setCap('series-4');
    expect((await settings()).maxSpoilers).toEqual(plain('series-4'));
    const refused = await run(h, { channelId: general, userId: 'alice', name: 'quiz start', options: { spoilers: 'film' } });
    expect(refused.ephemeral).toBe(true);
    expect(refused.text).toContain('allows spoilers up to `series-4`; `film` goes beyond that');
    expect(h.bot.ctx.quiz.running(general)).toBeUndefined();

    const started = await run(h, { channelId: general, userId: 'alice', name: 'quiz start', options: { spoilers: 'series-2' } });
    expect(started.text).toContain('Quiz started');
    expect(latestIntro(h, general)).toContain('Spoilers: **series episodes 1–2**');
  });

  it('given a cap of none, /character name:Go Young (known from the start) leaves his plot out with a hidden note', async () => {
    await setCap('none');
    const answer = await run(h, { channelId: general, userId: 'alice', name: 'character', options: { name: 'Go Young' } });
    expect(answer.text).toContain('Go Young (고영)');
    expect(answer.text).toMatch(/Hidden: \d+ plot details beyond/);
    expect(answer.text).not.toContain('Nam-gyu');
    expect(answer.text).not.toContain('||');
  });

  it('given a cap of none, /character name:Gyu-ho (who enters in episode 5) is withheld, naming nothing of him', async () => {
    await setCap('none');
    const answer = await run(h, { channelId: general, userId: 'alice', name: 'character', options: { name: 'Gyu-ho' } });
    expect(answer.ephemeral).toBe(true);
    expect(answer.text).toContain("That goes beyond this server's spoiler setting (`none`)");
    expect(answer.text).not.toContain('규호');
    expect(answer.text).not.toContain('HIV');
    expect(answer.text).not.toContain('Shanghai');
    expect(answer.text).not.toContain('||');
  });

  it('given a cap of film+series-4, Gyu-ho is withheld; at film+series-5 he is shown with his episode-8 plot left out; at film+series-8 it shows behind spoiler tags', async () => {
    await setCap('film+series-4');
    const before = await run(h, { channelId: general, userId: 'alice', name: 'character', options: { name: 'Gyu-ho' } });
    expect(before.text).toContain("That goes beyond this server's spoiler setting (`film+series-4`)");
    expect(before.text).not.toContain('HIV');
    await setCap('film+series-5');
    const early = await run(h, { channelId: general, userId: 'alice', name: 'character', options: { name: 'Gyu-ho' } });
    expect(early.text).toContain('Gyu-ho (규호)');
    expect(early.text).not.toContain('HIV');
    expect(early.text).toContain('Hidden: 2 plot details');
    await setCap('film+series-8');
    const late = await run(h, { channelId: general, userId: 'alice', name: 'character', options: { name: 'Gyu-ho' } });
    expect(late.text).toContain('||Gyu-ho loves Young deeply, knowing that Young is HIV-positive.||');
    expect(late.text).not.toContain('Hidden');
  });

  it('given a cap of all, /character name:Gyu-ho shows every plot detail inside spoiler tags', async () => {
    const answer = await run(h, { channelId: general, userId: 'alice', name: 'character', options: { name: 'Gyu-ho' } });
    const story = embedsOf(answer.message)[0]?.fields?.find((f) => f.name === 'Story (spoilers)');
    expect(story?.value.split('\n')).toEqual([
      '• ||Gyu-ho loves Young deeply, knowing that Young is HIV-positive.||',
      expect.stringMatching(/^• \|\|Over three years .*Shanghai comes\.\|\|$/),
    ]);
    expect(answer.text).not.toContain('Hidden');
  });

  it('given a cap of none, /fact for the closing line (picked or typed) never shows it, and with cap all it is behind spoiler tags', async () => {
    await setCap('none');
    const picked = await run(h, { channelId: general, userId: 'alice', name: 'fact', options: { query: 'fact:fact-series-closing-line' } });
    expect(picked.ephemeral).toBe(true);
    expect(picked.text).toContain("goes beyond this server's spoiler setting (`none`)");
    expect(picked.text).not.toContain('lantern');
    expect(picked.text).not.toContain('The closing line');
    const typed = await run(h, { channelId: general, userId: 'alice', name: 'fact', options: { query: 'closing line' } });
    expect(typed.ephemeral).toBe(true);
    expect(typed.text).not.toContain('lantern');
    expect(typed.text).not.toContain('The closing line');
    expect(typed.text).toContain("goes beyond this server's spoiler setting (`none`)");

    await setCap('all');
    const shown = await run(h, { channelId: general, userId: 'alice', name: 'fact', options: { query: 'closing line' } });
    expect(shown.text).toContain('||The series ends on Young');
    expect(shown.text).toContain('My only wish."||');
  });

  it.each(['none', 'film', 'film+series-4', 'series-4', 'novel-2'])('given a cap of %s, /fact autocomplete lists no record beyond it', async (cap) => {
    await setCap(cap);
    const facts = new Map([...h.bot.ctx.dataset.facts].map((f) => [`fact:${f.id}`, f]));
    const characters = new Map(h.bot.ctx.dataset.characters.map((c) => [`character:${c.id}`, c]));
    for (const typed of ['closing line', 'gyu-ho', 'hiv', 'final scene', 'regret', 'jae-hee heung-soo']) {
      const choices = await h.sim.autocomplete({ channelId: general, userId: 'alice', name: 'fact', focused: 'query', value: typed });
      for (const choice of choices) {
        const record = facts.get(String(choice.value)) ?? characters.get(String(choice.value));
        if (record) expect(isRevealed(record.spoiler, sp(cap)), `${typed} → ${String(choice.value)}`).toBe(true);
      }
      if (cap === 'none') expect(choices.map((c) => c.value)).not.toContain('fact:fact-series-closing-line');
    }
    await setCap('all');
    const all = await h.sim.autocomplete({ channelId: general, userId: 'alice', name: 'fact', focused: 'query', value: 'closing line' });
    expect(all.map((c) => c.value)).toContain('fact:fact-series-closing-line');
  });

  it('given a cap, /quiz practice above it is refused naming the cap', async () => {
    await setCap('film');
    const refused = await run(h, { channelId: general, userId: 'alice', name: 'quiz practice', options: { spoilers: 'all' } });
    expect(refused.ephemeral).toBe(true);
    expect(refused.text).toContain('up to `film`');
  });

  it.each(['series-9', 'none+film', 'everything'])('given %s, which is not a spoiler setting, the cap is refused naming the syntax and unchanged', async (max) => {
    const refused = await run(h, { channelId: general, userId: 'mod', name: 'config spoilers', options: { max }, force: true });
    expect(refused.ephemeral).toBe(true);
    expect(refused.text).toContain('`max` must be `none`, `film`, `series-N`');
    expect((await settings()).maxSpoilers).toEqual(ALL_SPOILERS);
  });
});

describe('/config quiz-defaults', () => {
  it('given new defaults, /quiz start without options picks them all up', async () => {
    const changed = await run(h, {
      channelId: general,
      userId: 'mod',
      name: 'config quiz-defaults',
      options: { rounds: 3, seconds: 15, difficulty: 'easy', spoilers: 'film' },
    });
    expect(changed.ephemeral).toBe(true);
    expect(changed.text).toContain('Quiz defaults updated.');
    expect(changed.text).toContain('Quiz defaults: 3 questions · 15 s each · easy · spoilers `film`');
    expect((await settings()).defaults).toEqual({ rounds: 3, seconds: 15, difficulty: 'easy', spoilers: plain('film') });

    const started = await run(h, { channelId: general, userId: 'alice', name: 'quiz start' });
    expect(started.text).toContain('Quiz started: 3 questions');
    const intro = latestIntro(h, general);
    expect(intro).toContain('**3** questions, **15 s** each');
    expect(intro).toContain('Difficulty: **easy** · Spoilers: **the film**');
  });

  it('given defaults, options given to /quiz start win over them', async () => {
    await run(h, { channelId: general, userId: 'mod', name: 'config quiz-defaults', options: { rounds: 3, seconds: 15 } });
    await run(h, { channelId: general, userId: 'alice', name: 'quiz start', options: { rounds: 2, difficulty: 'medium' } });
    const intro = latestIntro(h, general);
    expect(intro).toContain('**2** questions, **15 s** each');
    expect(intro).toContain('Difficulty: **medium**');
  });

  it('given one default changed, the others keep their values', async () => {
    await run(h, { channelId: general, userId: 'mod', name: 'config quiz-defaults', options: { rounds: 4, difficulty: 'hard' } });
    await run(h, { channelId: general, userId: 'mod', name: 'config quiz-defaults', options: { seconds: 30 } });
    expect((await settings()).defaults).toEqual({ rounds: 4, seconds: 30, difficulty: 'hard', spoilers: NO_SPOILERS });
  });

  it('given a default spoiler level above the cap, it is refused naming the cap', async () => {
    await setCap('film');
    const refused = await run(h, { channelId: general, userId: 'mod', name: 'config quiz-defaults', options: { spoilers: 'film+series-2' } });
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toBe("The server's spoiler cap is `film` (the film); a default of `film+series-2` (the film, series episodes 1–2) would go beyond it.");
    expect((await settings()).defaults.spoilers).toEqual(NO_SPOILERS);
  });

  it('given a default spoiler level that a later cap lowers, /quiz start uses the cap', async () => {
    await run(h, { channelId: general, userId: 'mod', name: 'config quiz-defaults', options: { spoilers: 'film+series-8', rounds: 2 } });
    await setCap('film');
    const shown = await run(h, { channelId: general, userId: 'mod', name: 'config show' });
    expect(shown.text).toContain("spoilers `film+series-8` (quizzes use `film`, within the server's cap)");
    await run(h, { channelId: general, userId: 'alice', name: 'quiz start' });
    expect(latestIntro(h, general)).toContain('Spoilers: **the film**');
  });

  it('given a default on two tracks and a cap on one of them, /quiz start uses what both allow', async () => {
    await run(h, { channelId: general, userId: 'mod', name: 'config quiz-defaults', options: { spoilers: 'film+series-8', rounds: 2 } });
    await setCap('series-3');
    const shown = await run(h, { channelId: general, userId: 'mod', name: 'config show' });
    expect(shown.text).toContain("spoilers `film+series-8` (quizzes use `series-3`, within the server's cap)");
    await run(h, { channelId: general, userId: 'alice', name: 'quiz start' });
    expect(latestIntro(h, general)).toContain('Spoilers: **series episodes 1–3**');
  });

  it.each([
    [{ rounds: 0 }, '`rounds` must be a whole number from 1 to 30'],
    [{ rounds: 31 }, '`rounds` must be a whole number from 1 to 30'],
    [{ seconds: 9 }, '`seconds` must be a whole number from 10 to 60'],
    [{ seconds: 61 }, '`seconds` must be a whole number from 10 to 60'],
    [{ seconds: -20 }, '`seconds` must be a whole number from 10 to 60'],
    [{ difficulty: 'impossible' }, '`difficulty` must be one of'],
    [{ spoilers: 'series-9' }, '`spoilers` must be `none`, `film`, `series-N`'],
    [{}, 'Give at least one of'],
  ])('given %j (sent anyway), quiz-defaults is refused and nothing changes', async (options, message) => {
    const since = h.logs.length;
    const refused = await run(h, { channelId: general, userId: 'mod', name: 'config quiz-defaults', options, force: true });
    expect(refused.ephemeral).toBe(true);
    expect(refused.text).toContain(message);
    expect(await settings()).toEqual(DEFAULT_GUILD_SETTINGS);
    expect(settingChanges(h, since)).toEqual([]);
  });

  it('given an out-of-range value, the simulator (like Discord\'s client) does not even send it', () => {
    expect(() => h.sim.command({ channelId: general, userId: 'mod', name: 'config quiz-defaults', options: { rounds: 31 } })).toThrow(SimulatorUsageError);
  });
});

describe('/config quiz-role', () => {
  it('given a quiz role, a member without it can neither start nor stop; a holder and a Manage Server member can', async () => {
    const roleId = h.sim.guild(FANS).roles['Quizmaster'];
    const set = await run(h, { channelId: general, userId: 'mod', name: 'config quiz-role set', options: { role: '@Quizmaster' } });
    expect(set.ephemeral).toBe(true);
    expect(set.text).toContain(`<@&${roleId}>`);
    expect((await settings()).quizRole).toBe(roleId);

    const refused = await run(h, { channelId: general, userId: 'alice', name: 'quiz start' });
    expect(refused.ephemeral).toBe(true);
    expect(refused.text).toContain(`only members with the <@&${roleId}> role`);
    expect(h.bot.ctx.quiz.running(general)).toBeUndefined();

    h.sim.setMemberRoles(FANS, 'bob', ['Quizmaster']);
    const started = await run(h, { channelId: general, userId: 'bob', name: 'quiz start' });
    expect(started.text).toContain('Quiz started');

    const stopRefused = await run(h, { channelId: general, userId: 'alice', name: 'quiz stop' });
    expect(stopRefused.ephemeral).toBe(true);
    expect(stopRefused.text).toContain('can stop this quiz');
    expect(h.bot.ctx.quiz.running(general)).toBeDefined();

    // Another holder of the role (not the host) may stop it.
    h.sim.setMemberRoles(FANS, 'carol', ['Quizmaster']);
    const stopped = await run(h, { channelId: general, userId: 'carol', name: 'quiz stop' });
    expect(stopped.text).toContain('Quiz stopped');
    expect(h.bot.ctx.quiz.running(general)).toBeUndefined();

    // Manage Server without the role: may start and stop.
    const modStart = await run(h, { channelId: quizChannel, userId: 'mod', name: 'quiz start' });
    expect(modStart.text).toContain('Quiz started');
    const modStop = await run(h, { channelId: quizChannel, userId: 'mod', name: 'quiz stop' });
    expect(modStop.text).toContain('Quiz stopped');
  });

  it('given a quiz role, a moderator stops a quiz hosted by a role holder', async () => {
    await run(h, { channelId: general, userId: 'mod', name: 'config quiz-role set', options: { role: 'Quizmaster' } });
    h.sim.setMemberRoles(FANS, 'bob', ['Quizmaster']);
    await run(h, { channelId: general, userId: 'bob', name: 'quiz start' });
    const stopped = await run(h, { channelId: general, userId: 'olivia', name: 'quiz stop' });
    expect(stopped.text).toContain('Quiz stopped');
  });

  it('given the role cleared, anyone may start quizzes again', async () => {
    await run(h, { channelId: general, userId: 'mod', name: 'config quiz-role set', options: { role: 'Quizmaster' } });
    const cleared = await run(h, { channelId: general, userId: 'mod', name: 'config quiz-role clear' });
    expect(cleared.text).toContain('Anyone may start quizzes again');
    expect((await settings()).quizRole).toBeNull();
    const started = await run(h, { channelId: general, userId: 'alice', name: 'quiz start' });
    expect(started.text).toContain('Quiz started');
  });

  it('given @everyone as the role, set is refused and nothing is saved', async () => {
    const refused = await run(h, { channelId: general, userId: 'mod', name: 'config quiz-role set', options: { role: '@everyone' } });
    expect(refused.ephemeral).toBe(true);
    expect(refused.text).toContain('quiz-role clear');
    expect((await settings()).quizRole).toBeNull();
  });
});

describe('who may use /config', () => {
  it('given a member without Manage Server, Discord hides /config; sent anyway it is refused and nothing changes', async () => {
    expect(() => h.sim.command({ channelId: general, userId: 'alice', name: 'config show' })).toThrow(SimulatorUsageError);
    const since = h.logs.length;
    const attempts = [
      { name: 'config show' },
      { name: 'config spoilers', options: { max: 'none' } },
      { name: 'config quiz-channels add', options: { channel: '#quiz' } },
      { name: 'config quiz-channels clear' },
      { name: 'config quiz-defaults', options: { rounds: 3 } },
      { name: 'config quiz-role set', options: { role: 'Quizmaster' } },
      { name: 'config reset-leaderboard' },
    ];
    for (const attempt of attempts) {
      const refused = await run(h, { channelId: general, userId: 'alice', force: true, ...attempt });
      expect(refused.ephemeral, attempt.name).toBe(true);
      expect(refused.text, attempt.name).toContain('You need the Manage Server permission');
      expect(refused.message.data['components'] ?? [], attempt.name).toEqual([]);
    }
    expect(await settings()).toEqual(DEFAULT_GUILD_SETTINGS);
    expect(settingChanges(h, since)).toEqual([]);
  });

  it('given the server owner (no Moderator role), /config works', async () => {
    const answer = await run(h, { channelId: general, userId: 'olivia', name: 'config spoilers', options: { max: 'film' } });
    expect(answer.text).toContain('capped at `film`');
  });

  it('given a DM, look-ups and /quiz practice work while /quiz start is refused', async () => {
    const film = await run(h, { dm: true, userId: 'alice', name: 'character', options: { name: 'Gyu-ho' } });
    expect(film.text).toContain('||Gyu-ho loves Young deeply');
    const practice = await run(h, { dm: true, userId: 'alice', name: 'quiz practice' });
    expect(practice.ephemeral).toBe(true);
    expect(h.sim.buttons(practice.message.id).length).toBeGreaterThanOrEqual(2);
    const start = await run(h, { dm: true, userId: 'alice', name: 'quiz start', force: true });
    expect(start.ephemeral).toBe(true);
    expect(start.text).toContain('Quizzes run in server channels');
  });

  it('given a DM, /config is not offered, and sent anyway it is refused', async () => {
    expect(() => h.sim.command({ dm: true, userId: 'mod', name: 'config show' })).toThrow(SimulatorUsageError);
    const refused = await run(h, { dm: true, userId: 'mod', name: 'config spoilers', options: { max: 'none' }, force: true });
    expect(refused.ephemeral).toBe(true);
    expect(refused.text).toContain('works in servers only');
    expect(await settings()).toEqual(DEFAULT_GUILD_SETTINGS);
  });
});

describe('audit log and immediacy', () => {
  it('given each kind of change, a log line names the moderator, the setting, the old and the new value', async () => {
    const since = h.logs.length;
    const modId = h.sim.userId('mod');
    const roleId = h.sim.guild(FANS).roles['Quizmaster'];
    await run(h, { channelId: general, userId: 'mod', name: 'config quiz-channels add', options: { channel: '#quiz' } });
    await run(h, { channelId: general, userId: 'mod', name: 'config spoilers', options: { max: 'film+series-2' } });
    await run(h, { channelId: general, userId: 'mod', name: 'config quiz-defaults', options: { rounds: 7 } });
    await run(h, { channelId: general, userId: 'mod', name: 'config quiz-role set', options: { role: 'Quizmaster' } });
    await run(h, { channelId: general, userId: 'mod', name: 'config quiz-role clear' });
    await run(h, { channelId: general, userId: 'mod', name: 'config quiz-channels clear' });
    const lines = settingChanges(h, since).map(({ guildId, moderatorId, setting, before, after }) => ({ guildId, moderatorId, setting, before, after }));
    const base = { guildId: fansId, moderatorId: modId };
    expect(lines).toEqual([
      { ...base, setting: 'quiz-channels', before: [], after: [quizChannel] },
      { ...base, setting: 'spoilers', before: plain('all'), after: plain('film+series-2') },
      {
        ...base,
        setting: 'quiz-defaults',
        before: { rounds: 10, seconds: 20, difficulty: 'mixed', spoilers: plain('none') },
        after: { rounds: 7, seconds: 20, difficulty: 'mixed', spoilers: plain('none') },
      },
      { ...base, setting: 'quiz-role', before: null, after: roleId },
      { ...base, setting: 'quiz-role', before: roleId, after: null },
      { ...base, setting: 'quiz-channels', before: [quizChannel], after: [] },
    ]);
  });

  it('given a change, the very next interaction sees it (no stale cached settings)', async () => {
    for (const cap of ['none', 'all', 'none', 'all'] as const) {
      await setCap(cap);
      const answer = await run(h, { channelId: general, userId: 'alice', name: 'character', options: { name: 'Gyu-ho' } });
      expect(answer.text.includes('HIV'), cap).toBe(cap === 'all');
    }
    await run(h, { channelId: general, userId: 'mod', name: 'config quiz-channels add', options: { channel: '#quiz' } });
    expect((await run(h, { channelId: general, userId: 'alice', name: 'quiz start' })).text).toContain("can't run in this channel");
    await run(h, { channelId: general, userId: 'mod', name: 'config quiz-channels remove', options: { channel: '#quiz' } });
    expect((await run(h, { channelId: general, userId: 'alice', name: 'quiz start' })).text).toContain('Quiz started');
  });

  it("given a change in one server, the other server's settings are untouched", async () => {
    const otherId = h.sim.guild('Other Server').id;
    await setCap('none');
    expect((await h.bot.ctx.store.settings.get(otherId)).maxSpoilers).toEqual(ALL_SPOILERS);
    const answer = await run(h, { channelId: h.channel('Other Server', 'general'), userId: 'alice', name: 'character', options: { name: 'Gyu-ho' } });
    expect(answer.text).toContain('HIV');
  });
});

describe('/config quiz-ping', () => {
  it('given a quiz ping role, the intro mentions exactly that role (allowed_mentions lets only it ping); @everyone is refused; clear stops it', async () => {
    const roleId = h.sim.guild(FANS).roles['Quizmaster'] ?? '';
    const set = await run(h, { channelId: general, userId: 'mod', name: 'config quiz-ping set', options: { role: '@Quizmaster' } });
    expect(set.ephemeral).toBe(true);
    // The simulator's roles are not mentionable, as a new role on Discord: the reply says what to change.
    expect(set.text).toContain(`Quiz intros now mention <@&${roleId}>, but that role is not mentionable`);
    expect((await settings()).quizPing).toBe(roleId);
    const card = await run(h, { channelId: general, userId: 'mod', name: 'config show' });
    expect(card.text).toContain('Quiz ping');
    expect(card.text).toContain(`<@&${roleId}>`);

    await run(h, { channelId: general, userId: 'bob', name: 'quiz start', options: { rounds: 1 } });
    const intro = h.sim.messages(general).filter((m) => !m.ephemeral && m.data['content'] === `<@&${roleId}>`).at(-1);
    expect(intro).toBeDefined();
    expect(intro?.allowedMentions).toEqual({ parse: [], roles: [roleId] });
    expect(intro?.data['mention_roles']).toEqual([roleId]);
    expect(intro?.data['mention_everyone']).toBe(false);
    await h.bot.ctx.quiz.stop({ guildId: fansId, channelId: general, userId: h.sim.userId('bob'), canManage: true });

    const everyone = await run(h, { channelId: general, userId: 'mod', name: 'config quiz-ping set', options: { role: '@everyone' } });
    expect(everyone.text).toContain('Quiz intros never ping @everyone or @here');
    expect((await settings()).quizPing).toBe(roleId);

    const cleared = await run(h, { channelId: general, userId: 'mod', name: 'config quiz-ping clear' });
    expect(cleared.text).toContain('Quiz intros no longer mention a role.');
    expect((await settings()).quizPing).toBeNull();
    const before = h.sim.messages(general).length;
    await run(h, { channelId: general, userId: 'bob', name: 'quiz start', options: { rounds: 1 } });
    const next = h.sim.messages(general).slice(before).find((m) => !m.ephemeral);
    expect(next?.data['content'] ?? '').toBe('');
    expect(next?.allowedMentions).toEqual({ parse: [] });
    await h.bot.ctx.quiz.stop({ guildId: fansId, channelId: general, userId: h.sim.userId('bob'), canManage: true });
  });

  it('given a member without Manage Server, /config quiz-ping is refused', () => {
    expect(() => h.sim.command({ channelId: general, userId: 'alice', name: 'config quiz-ping clear' })).toThrow(SimulatorUsageError);
  });
});
