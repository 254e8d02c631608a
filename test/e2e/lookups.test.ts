import { GatewayIntentBits } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NO_SPOILERS } from '../../src/data/spoilers.js';
import type { SimMessage } from '../sim/index.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
let general: string;

beforeAll(async () => {
  h = await startHarness();
  general = h.channel('Big City Fans', 'general');
});
afterAll(async () => {
  await h?.close();
});
afterEach(() => {
  h.sim.assertNoViolations();
  expect(h.sim.messagesAllowingEveryone()).toEqual([]);
});

interface Embed {
  title?: string;
  description?: string;
  fields?: { name: string; value: string }[];
}
const embedsOf = (m: SimMessage): Embed[] => (m.data['embeds'] ?? []) as Embed[];
const contentOf = (m: SimMessage): string => String(m.data['content'] ?? '');

async function ask(name: string, options?: Record<string, string | number>, where: { dm?: boolean; userId?: string } = {}) {
  const ix = h.sim.command({
    ...(where.dm ? { dm: true } : { channelId: general }),
    userId: where.userId ?? 'alice',
    name,
    ...(options ? { options } : {}),
  });
  const reply = await ix.waitForReply();
  return { ix, reply, text: h.sim.renderMessage(reply) };
}

describe('the client', () => {
  it('given the bot logged in, it identified with the Guilds intent only (no privileged intents)', () => {
    expect(h.sim.sessions.map((s) => s.intents)).toEqual([GatewayIntentBits.Guilds]);
  });
});

describe('look-up commands, as a member in a guild', () => {
  it('given /film, the reply names the director, screenwriter, leads, premiere, release, runtime and source story with Hangul', async () => {
    const { text, ix } = await ask('film');
    expect(ix.ephemeral).toBe(false);
    expect(text).toContain('Lee Eon-hee (이언희), credited as E.oni');
    expect(text).toContain('Kim Na-deul (김나들)');
    expect(text).toContain('Kim Go-eun (김고은) as Jae-hee (재희)');
    expect(text).toContain('Noh Sang-hyun (노상현) as Heung-soo (흥수)');
    expect(text).toContain('September 13, 2024, 49th Toronto International Film Festival (Special Presentations, Royal Alexandra Theatre)');
    expect(text).toContain('October 1, 2024');
    expect(text).toContain('118 minutes');
    expect(text).toContain('"Jaehee" (재희), story 1');
    expect(text).toContain('Plus M Entertainment');
    // The article's wrong date is corrected in words, after the facts (never above the director).
    const note = text.indexOf('Note:');
    expect(text).toContain('One review gives October 3; the film opened on October 1, 2024');
    expect(note).toBeGreaterThan(text.indexOf('Director: '));
    expect(note).toBeGreaterThan(text.indexOf('Korean release: '));
    // The footer names publications a fan knows, never the curators' numbered list.
    expect(text).toMatch(/— Sources: [^·\n]+( · [^·\n]+){0,2}$/m);
    expect(text).not.toMatch(/VERIFIED|article 00|#\d/);
  });

  it('given /series, the note on the wrong director order follows the acts it corrects', async () => {
    const { text } = await ask('series');
    expect(text).toContain('One review lists the directors as Hur Jin-ho, Hong Ji-young, Son Tae-gyeom and Kim Se-in, which is not act order');
    expect(text.indexOf('Note:')).toBeGreaterThan(text.indexOf('**Act 4**'));
    expect(text).not.toContain('Correction (');
  });

  it('given /character name:jaehee, the note says what the typo was', async () => {
    const { text } = await ask('character', { name: 'jaehee' });
    expect(text).toContain('Note: The JoySauce interview once spells her name "Jae-jee", a typo for Jae-hee.');
  });

  it('given /series, the reply lists the four acts in act order with their directors', async () => {
    const { text } = await ask('series');
    const order = ['Son Tae-gyeom (손태겸)', 'Hur Jin-ho (허진호)', 'Hong Ji-young (홍지영)', 'Kim Se-in (김세인)'].map((n) => text.indexOf(n));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain('TVING, October 21, 2024');
    expect(text).toContain('Nam Yoon-su (남윤수) as Go Young (고영)');
  });

  it('given /series act:3, the reply gives episodes 5–6, both titles and Hong Ji-young', async () => {
    const { text } = await ask('series', { act: 3 });
    expect(text).toContain('Series act 3: "Love in the Big City" (대도시의 사랑법)');
    expect(text).toContain('5–6');
    expect(text).toContain('Hong Ji-young (홍지영)');
  });

  it('given /novel, the reply lists the four stories, the translation and the awards', async () => {
    const { text } = await ask('novel');
    expect(text).toContain('1. "Jaehee" (재희)');
    expect(text).toContain('4. "Late Rainy Season Vacation" (늦은 우기의 바캉스)');
    expect(text).toContain('Anton Hur');
    expect(text).toContain('International Booker Prize');
    expect(text).toContain('Changbi (창비)');
  });

  it('given /cast with no options, both cast lists are shown', async () => {
    const { text } = await ask('cast');
    expect(text).toContain('Cast of the film');
    expect(text).toContain('Cast of the series');
    expect(text).toContain('Jin Ho-eun (진호은) as **Gyu-ho (규호)**');
  });

  it('given /cast name:흥수, the answer is Noh Sang-hyun (노상현), under the film\'s cast', async () => {
    const { reply, text } = await ask('cast', { name: '흥수' });
    expect(embedsOf(reply)[0]?.title).toBe('Cast of the film');
    expect(text).toContain('**Heung-soo (흥수)** is played by **Noh Sang-hyun (노상현)**.');
  });

  it("given /cast name:Heung-soo's mother, the role is not followed by a description that repeats it", async () => {
    const { reply, text } = await ask('cast', { name: "Heung-soo's mother" });
    expect(embedsOf(reply)[0]?.description).toBe("**Heung-soo's mother** is played by **Jang Hye-jin (장혜진)**.");
    const list = (await ask('cast', { production: 'film' })).text;
    expect(list).toContain("Jang Hye-jin (장혜진) as **Heung-soo's mother**\n");
    expect(list).toContain('Joo Jong-hyuk (주종혁) as **the tattooist**\n');
    expect(text).not.toMatch(/mother\*\*: Heung-soo's mother/);
  });

  it('given /cast name:Noh Sang-hyun, his card names him once and his award without him', async () => {
    const { reply } = await ask('cast', { name: 'Noh Sang-hyun' });
    const embed = embedsOf(reply)[0];
    expect(embed?.title).toBe('Noh Sang-hyun (노상현)');
    const body = [embed?.description, ...(embed?.fields ?? []).map((f) => f.value)].join('\n');
    expect(body).not.toContain('Noh Sang-hyun (노상현)');
    expect(body).toContain('Best New Actor, 45th Blue Dragon Film Awards, 2024: won');
  });

  it('given /cast name:Hong Ji-young, her credit is one line naming the act, with no bare "Director." after it', async () => {
    const { reply } = await ask('cast', { name: 'Hong Ji-young' });
    expect(embedsOf(reply)[0]?.description).toBe('Director of act 3 of the series, "Love in the Big City" (대도시의 사랑법)');
  });

  it('given /cast name:Steve Noh (an alias), the answer is the actor and his role', async () => {
    const { text } = await ask('cast', { name: 'Steve Noh' });
    expect(text).toContain('Noh Sang-hyun (노상현)');
    expect(text).toContain('Plays **Heung-soo (흥수)** in the film');
  });

  it('given a picked autocomplete value, /cast answers that exact record', async () => {
    const choices = await h.sim.autocomplete({ channelId: general, userId: 'alice', name: 'cast', focused: 'name', value: 'jae' });
    expect(choices[0]?.name).toContain('Jae-hee (재희)');
    const { text } = await ask('cast', { name: String(choices[0]?.value) });
    expect(text).toContain('played by **Kim Go-eun (김고은)**');
  });

  it('given empty or garbage autocomplete input, at most 25 choices come back and nothing fails', async () => {
    const empty = await h.sim.autocomplete({ channelId: general, userId: 'alice', name: 'cast', focused: 'name', value: '' });
    expect(empty.length).toBeGreaterThan(0);
    expect(empty.length).toBeLessThanOrEqual(25);
    const garbage = await h.sim.autocomplete({ channelId: general, userId: 'alice', name: 'fact', focused: 'query', value: '%%%@@@ ))) ;; DROP' });
    expect(garbage.length).toBeLessThanOrEqual(25);
    const long = await h.sim.autocomplete({ channelId: general, userId: 'alice', name: 'fact', focused: 'query', value: 'x'.repeat(100), force: true });
    expect(long.length).toBeLessThanOrEqual(25);
    for (const c of [...empty, ...garbage, ...long]) {
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(String(c.value).length).toBeLessThanOrEqual(100);
    }
  });

  it('given /character name:nobody, an ephemeral reply offers the closest matches', async () => {
    const { text, ix } = await ask('character', { name: 'nobody' });
    expect(ix.ephemeral).toBe(true);
    expect(text).toContain('I don\'t know a character called "nobody"');
    expect(text).toMatch(/(Closest matches|Try one of these):\n {2}• \S/);
  });

  it('given /character name:Gyu-ho, the profile shows the actor and plot only behind spoiler tags', async () => {
    const { reply, text } = await ask('character', { name: 'Gyu-ho' });
    expect(text).toContain('Gyu-ho (규호)');
    expect(text).toContain('Jin Ho-eun (진호은)');
    const field = embedsOf(reply)[0]?.fields?.find((f) => f.name.startsWith('Story'));
    expect(field).toBeDefined();
    for (const line of field?.value.split('\n') ?? []) expect(line).toMatch(/^• \|\|.+\|\|$/);
  });

  it('given /fact query:tiff, the first answer is the world premiere on September 13, 2024', async () => {
    const { text } = await ask('fact', { query: 'tiff' });
    expect(text).toMatch(/world premiere/i);
    expect(text).toContain('September 13, 2024');
  });

  it('given /fact query:act 3 director, the answer is Hong Ji-young', async () => {
    const { reply } = await ask('fact', { query: 'act 3 director' });
    expect(embedsOf(reply)[0]?.title).toContain('Hong Ji-young (홍지영)');
  });

  it('given /fact autocomplete for "tiff", the premiere is offered first', async () => {
    const choices = await h.sim.autocomplete({ channelId: general, userId: 'alice', name: 'fact', focused: 'query', value: 'tiff' });
    expect(choices[0]?.name).toMatch(/premiere/i);
  });

  it('given /about, a short private reply names every command and points to /help', async () => {
    const { reply, text, ix } = await ask('about');
    expect(ix.ephemeral).toBe(true);
    const embed = embedsOf(reply)[0];
    const length = [embed?.title, embed?.description, ...(embed?.fields ?? []).flatMap((f) => [f.name, f.value])].join('').length;
    expect(length).toBeLessThan(1000);
    for (const name of ['film', 'series', 'novel', 'cast', 'character', 'fact', 'quiz', 'config', 'help']) expect(text).toContain(`\`/${name}\``);
    expect(text).toContain('Type `/help` for what each command does, with examples.');
    expect(text).not.toMatch(/VERIFIED|newsId|article 00/);
  });

  it('given /help command:quiz, the reply is private and shows each subcommand and examples as typed', async () => {
    const { text, ix } = await ask('help', { command: 'quiz' });
    expect(ix.ephemeral).toBe(true);
    expect(text).toContain('**Help: /quiz**');
    expect(text).toContain('`/quiz start [rounds] [seconds] [scope] [difficulty] [spoilers] [pace] [recap]`');
    for (const sub of ['skip', 'pause', 'resume']) expect(text).toContain(`\`/quiz ${sub}\``);
    expect(text).toContain('`/quiz start pace:manual`: the host presses Next question after each answer');
    expect(text).toContain('`/quiz start rounds:10 spoilers:film`: 10 questions, film spoilers allowed');
    expect(text).toContain('Easy 100, medium 150, hard 200 points');
  });
});

describe('look-ups in a DM', () => {
  it('given /film in a DM, the same answer arrives', async () => {
    const { text } = await ask('film', undefined, { dm: true });
    expect(text).toContain('Lee Eon-hee (이언희)');
  });

  it.each([
    ['series', { act: 2 }, 'Hur Jin-ho (허진호)'],
    ['novel', undefined, 'Changbi (창비)'],
    ['cast', { name: '규호' }, 'Jin Ho-eun (진호은)'],
    ['character', { name: 'Mi-ae' }, 'Lee Soo-kyung (이수경)'],
    ['fact', { query: 'runtime' }, '118 minutes'],
  ] as const)('given /%s in a DM, it answers as in a server', async (name, options, expected) => {
    const { text, ix } = await ask(name, options ? { ...options } : undefined, { dm: true });
    expect(ix.ephemeral).toBe(false);
    expect(text).toContain(expected);
  });

  it.each([
    ['about', undefined, '`/help`'],
    ['help', undefined, '`/character name:Gyu-ho`'],
  ] as const)('given /%s in a DM, the private answer arrives', async (name, options, expected) => {
    const { text, ix } = await ask(name, options, { dm: true });
    expect(ix.ephemeral).toBe(true);
    expect(text).toContain(expected);
  });

  it.each([
    ['character', 'name', 'jae', 'Jae-hee'],
    ['fact', 'query', 'blue dragon', 'Blue Dragon'],
  ] as const)('given /%s autocomplete in a DM, choices come back', async (name, focused, value, expected) => {
    const choices = await h.sim.autocomplete({ dm: true, userId: 'alice', name, focused, value });
    expect(choices[0]?.name).toContain(expected);
  });

  it('given /cast autocomplete in a DM, choices come back', async () => {
    const choices = await h.sim.autocomplete({ dm: true, userId: 'alice', name: 'cast', focused: 'name', value: 'gyu' });
    expect(choices[0]?.name).toContain('Gyu-ho');
  });
});

describe('untrusted input', () => {
  it('given a command the bot does not know, the reply is a clear ephemeral note', async () => {
    h.sim.registerCommands([{ name: 'mystery', description: 'not ours', type: 1 }], h.sim.guild('Big City Fans').id);
    const ix = h.sim.command({ channelId: general, userId: 'alice', name: 'mystery' });
    const reply = await ix.waitForReply();
    expect(ix.ephemeral).toBe(true);
    expect(contentOf(reply)).toContain("I don't know the command `/mystery`");
  });

  it('given an overlong option the client would refuse, the bot still answers without crashing', async () => {
    const ix = h.sim.command({ channelId: general, userId: 'alice', name: 'character', options: { name: 'ㄱ'.repeat(3000) }, force: true });
    const reply = await ix.waitForReply();
    expect(ix.ephemeral).toBe(true);
    expect(contentOf(reply)).toContain("I don't know a character called");
    // The bot is still alive.
    expect((await ask('film')).text).toContain('118 minutes');
  });

  it('given an out-of-range act sent anyway, the reply says which acts exist', async () => {
    const ix = h.sim.command({ channelId: general, userId: 'alice', name: 'series', options: { act: 9 }, force: true });
    const reply = await ix.waitForReply();
    expect(ix.ephemeral).toBe(true);
    expect(contentOf(reply)).toContain('acts 1 to 4');
  });

  it('given a button id nobody handles, the click gets an ephemeral "no longer active"', async () => {
    const { reply } = await ask('film');
    const ix = h.sim.click({ messageId: reply.id, userId: 'bob', customId: 'nonsense:1', force: true });
    const answer = await ix.waitForReply();
    expect(ix.ephemeral).toBe(true);
    expect(contentOf(answer)).toContain('no longer active');
  });
});

describe('spoilers in look-ups', () => {
  const guildId = () => h.sim.guild('Big City Fans').id;
  afterEach(async () => {
    await h.bot.ctx.store.settings.delete(guildId());
  });

  it('given a plot fact picked by its id beyond the server cap, nothing of it is shown', async () => {
    await h.bot.ctx.store.settings.update(guildId(), { maxSpoilers: NO_SPOILERS });
    const { text, ix } = await ask('fact', { query: 'fact:fact-series-plot-live-in' });
    expect(ix.ephemeral).toBe(true);
    expect(text).toContain("beyond this server's spoiler setting");
    expect(text).not.toMatch(/living together/i);
  });

  it('given plot facts within the cap, autocomplete and the reply title say only where the spoiler lies, and the text is in spoiler tags', async () => {
    const choices = await h.sim.autocomplete({ channelId: general, userId: 'alice', name: 'fact', focused: 'query', value: 'car accident' });
    const plot = choices.filter((c) => String(c.value).startsWith('fact:fact-series-plot'));
    expect(plot.length).toBeGreaterThan(0);
    for (const c of plot) expect(c.name).toMatch(/^Spoiler \(series plot, episode \d\)$/);
    const { reply } = await ask('fact', { query: String(plot[0]?.value) });
    const embed = embedsOf(reply)[0];
    expect(embed?.title).toMatch(/^Spoiler \(series plot, episode \d\)$/);
    expect(embed?.description).toMatch(/^\|\|.+\|\|/);
  });

  it('given /cast production:film with a series character picked anyway, the film is not answered with a series role', async () => {
    const { text, ix } = await ask('cast', { production: 'film', name: 'character:series-gyu-ho' });
    expect(ix.ephemeral).toBe(true);
    expect(text).not.toContain('Jin Ho-eun');
  });
});

describe('bad input to the search commands', () => {
  it('given /cast name:nobody, an ephemeral reply offers the closest matches', async () => {
    const { text, ix } = await ask('cast', { name: 'nobody at all' });
    expect(ix.ephemeral).toBe(true);
    expect(text).toContain("I don't know a cast member or character called");
  });

  it('given /cast production:novel sent anyway, the reply explains the novel has no cast', async () => {
    const ix = h.sim.command({ channelId: general, userId: 'alice', name: 'cast', options: { production: 'novel' }, force: true });
    const reply = await ix.waitForReply();
    expect(ix.ephemeral).toBe(true);
    expect(contentOf(reply)).toContain('the novel has no cast');
  });

  it('given /fact with garbage, an ephemeral reply says so and suggests what exists', async () => {
    const { text, ix } = await ask('fact', { query: '@@@ ### %%%' });
    expect(ix.ephemeral).toBe(true);
    expect(text).toContain("I don't know a fact or name called");
  });
});
