/**
 * Question reports and the practice Next question button, through the simulator and the real bot:
 * a player reports a question from a quiz reveal or a practice answer (the Report button opens a
 * form with a reason and a note), a moderator reads the reports with `/config reports`, the
 * curators with `npm run reports` and `npm run data:check`; and a practice answer's Next question
 * button asks another question in its place.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runDataCheck, storedReportsFor } from '../../scripts/data-check.js';
import { runReports } from '../../scripts/reports.js';
import { dataset } from '../../src/data/dataset.js';
import { buildBank } from '../../src/quiz/bank.js';
import type { Harness } from './harness.js';
import { FANS, OTHER } from './harness.js';
import {
  click,
  embedOf,
  ephemeralReply,
  INTRO_MS,
  overPause,
  questionOnScreen,
  savedState,
  standingsText,
  startQuiz,
  startQuizHarness,
  messageIds,
  time,
  waitForTitle,
  WORDS,
} from './quiz-helpers.js';
import type { InteractionHandle, SimMessage } from '../sim/index.js';

const REASONS = ['wrong-answer', 'several-answers', 'spoiler', 'unclear', 'other'];
const THANKS = (reason: string): string => `Thanks: your report (**${reason}**) is in. The people who look after the questions will check it.`;
const ALREADY = "You've already reported this question. One report per player is enough: it reaches the people who look after the questions.";
const UNKNOWN = "That Report button doesn't belong to a question I ask any more.";

function checkHarness(h: Harness | undefined): void {
  if (!h) return;
  h.sim.assertNoViolations();
  expect(h.sim.messagesAllowingEveryone()).toEqual([]);
}

interface Row {
  readonly label: string | null;
  readonly customId: string | null;
  readonly style: number;
  readonly disabled: boolean;
}

/** A message's buttons by action row. */
function rowsOf(m: SimMessage): Row[][] {
  const rows = Array.isArray(m.data['components']) ? (m.data['components'] as { components?: unknown[] }[]) : [];
  return rows.map((row) =>
    (row.components ?? []).map((c) => {
      const b = c as { label?: string; custom_id?: string; style?: number; disabled?: boolean };
      return { label: b.label ?? null, customId: b.custom_id ?? null, style: b.style ?? 0, disabled: b.disabled === true };
    }),
  );
}

type Form = { custom_id: string; title: string; components: Record<string, unknown>[] };

/** Presses Report on a message and returns the form the bot opened. */
async function openForm(h: Harness, messageId: string, user: string, label = 'Report'): Promise<{ ix: InteractionHandle; form: Form }> {
  const ix = h.sim.click({ messageId, userId: user, label });
  const form = (await ix.waitForModal()) as Form;
  expect(ix.callbacks.map((c) => c.type)).toEqual([9]);
  return { ix, form };
}

/** Fills in and sends the form; returns the private answer's text. */
async function sendForm(h: Harness, from: InteractionHandle, user: string, values: Record<string, string | string[]>, force = false): Promise<string> {
  const sent = h.sim.submitModal({ from, values, ...(force ? { force } : {}) });
  const text = await ephemeralReply(h, sent, user);
  expect(sent.callbacks.map((c) => c.type)).toEqual([4]);
  return text;
}

/** `/config reports` as a moderator: the embed of the private reply. */
async function reportList(h: Harness, channelId: string, user: string) {
  const ix = h.sim.command({ channelId, userId: user, name: 'config reports' });
  const reply = await ix.waitForReply();
  expect(ix.ephemeral).toBe(true);
  expect(reply.allowedMentions).toEqual({ parse: [] });
  return embedOf(reply);
}

/** Runs `npm run reports` (its main function) on the bot's database. */
async function reportsCli(h: Harness, ...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runReports(argv, { DATABASE_URL: h.databaseUrl }, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

/** Plays a one-question quiz to its reveal; returns the reveal and the question asked (from the saved state). */
async function revealOfOneQuestion(h: Harness, channelId: string, host: string, options: Record<string, string | number> = {}) {
  // The channel may hold reveals of earlier games with the same title.
  const earlier = messageIds(h, channelId);
  await startQuiz(h, channelId, host, { rounds: 1, seconds: 10, ...options });
  await overPause(h, INTRO_MS);
  const q = await questionOnScreen(h, channelId, 1, 1);
  expect(earlier.has(q.message.id)).toBe(false);
  const asked = (await savedState(h, channelId))?.questions[0];
  if (!asked) throw new Error('no question in the saved state');
  const { clock, scheduler } = time(h);
  await scheduler.advance(Math.max(0, q.closesAt - clock.now()));
  const reveal = await waitForTitle(h, channelId, WORDS.en.reveal(1, 1), earlier);
  expect(reveal.id).toBe(q.message.id);
  return { reveal, asked };
}

describe('reporting a question from a quiz reveal', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startQuizHarness({ guilds: [FANS, OTHER] });
    h.sim.addMember('Big City Fans', { username: 'minji', locale: 'ko', roles: ['Moderator'] });
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => checkHarness(h));

  it('given a reveal, a player reports it with a reason and a note; a moderator sees it in /config reports, npm run reports lists it, and a second report is refused', async () => {
    const quiz = h.channel('Big City Fans', 'quiz');
    const general = h.channel('Big City Fans', 'general');
    const guildId = h.sim.guild('Big City Fans').id;
    const { reveal, asked } = await revealOfOneQuestion(h, quiz, 'alice');
    // Under the disabled answers, a row of its own with the Report button, enabled for everyone.
    const rows = rowsOf(reveal);
    expect(rows).toHaveLength(2);
    expect(rows[0]?.every((b) => b.disabled && b.customId?.startsWith('quiz:'))).toBe(true);
    expect(rows[1]).toEqual([{ label: 'Report', customId: `report:q:${asked.id}`, style: 2, disabled: false }]);
    await overPause(h);
    expect(await standingsText(h, quiz)).toContain('Quiz complete: 1 question played.');

    // The quiz is over; its reveal can still be reported. The form names the question and offers the reasons.
    const { ix, form } = await openForm(h, reveal.id, 'bob');
    expect(form.custom_id).toBe(`reportform:q:${asked.id}`);
    expect(form.title).toBe('Report this question');
    expect(form.components[0]).toEqual({ type: 10, content: `> ${asked.prompt}` });
    expect(form.components[1]).toMatchObject({ type: 18, label: "What's wrong with it?", component: { type: 3, custom_id: 'reason', min_values: 1, max_values: 1, required: true } });
    const options = (form.components[1]?.['component'] as { options: { value: string; label: string }[] }).options;
    expect(options.map((o) => o.value)).toEqual(REASONS);
    expect(options[0]?.label).toBe('The answer marked right is wrong');
    expect(form.components[2]).toMatchObject({ type: 18, label: 'Anything to add? (optional)', component: { type: 4, custom_id: 'note', style: 2, required: false, max_length: 300 } });

    const at = time(h).clock.now();
    const note = 'The film opened on 1 October 2024, not 3 October.';
    expect(await sendForm(h, ix, 'bob', { reason: 'wrong-answer', note: `  ${note}\n` })).toBe(THANKS('wrong answer'));
    // One report per player per question: the button now answers at once, without the form.
    expect(await click(h, reveal.id, 'bob', { label: 'Report' })).toBe(ALREADY);
    time(h).clock.set(at + 60_000);

    // carol opens the form twice (two windows), sends both: the second is refused.
    const first = await openForm(h, reveal.id, 'carol');
    const second = await openForm(h, reveal.id, 'carol');
    expect(await sendForm(h, first.ix, 'carol', { reason: 'unclear' })).toBe(THANKS('unclear question'));
    expect(await sendForm(h, second.ix, 'carol', { reason: 'spoiler', note: 'again' })).toBe(ALREADY);

    // A moderator sees both, newest first, with the question, the note, who, where and a link to the reveal.
    const list = await reportList(h, general, 'mod');
    expect(list.title).toBe('Question reports on this server');
    expect(list.fields?.map((f) => f.name)).toEqual(['1. unclear question', '2. wrong answer']);
    const link = `https://discord.com/channels/${guildId}/${quiz}/${reveal.id}`;
    const when = (ms: number): string => `<t:${Math.floor(ms / 1000)}:R>`;
    expect(list.fields?.[1]?.value).toBe(
      `> ${asked.prompt}\nNote: ${note}\nReported by <@${h.sim.userId('bob')}> in <#${quiz}> ${when(at)} · [the reveal](${link})`,
    );
    expect(list.fields?.[0]?.value).toBe(`> ${asked.prompt}\nReported by <@${h.sim.userId('carol')}> in <#${quiz}> ${when(at + 60_000)} · [the reveal](${link})`);
    expect(list.footer?.text).toBe('2 reports');
    // In a Korean moderator's language, the question in Korean.
    const ko = await reportList(h, general, 'minji');
    expect(ko.title).toBe('이 서버의 문제 신고');
    expect(ko.fields?.map((f) => f.name)).toEqual(['1. 모호한 문제', '2. 정답 오류']);
    expect(ko.fields?.[1]?.value).toContain(`덧붙인 말: ${note}`);
    expect(ko.fields?.[1]?.value).toContain(`[정답 공개 메시지](${link})`);
    expect(ko.footer?.text).toBe('모두 2건');

    // The curators' list, as text and as JSON lines, from the same database file while the bot runs.
    const text = await reportsCli(h);
    expect(text.code).toBe(0);
    expect(text.err).toEqual([]);
    expect(text.out[0]).toBe('2 reports on 1 fact, from 1 server.');
    const title = buildBank(dataset).facts.find((f) => f.id === asked.fact)?.title;
    expect(title).toBeDefined();
    expect(text.out).toContain(`${asked.fact ?? ''} — ${title ?? ''}: 2 reports from 1 server (unclear 1, wrong-answer 1)`);
    const stamp = `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    expect(text.out).toContain(`  ${stamp}  ${'wrong-answer'.padEnd(15)}  quiz      ${asked.id}  by user ${h.sim.userId('bob')} in server ${guildId} channel ${quiz} message ${reveal.id}`);
    expect(text.out).toContain(`      "${note}"`);
    const json = await reportsCli(h, '--json');
    expect(json.code).toBe(0);
    expect(json.out).toHaveLength(1);
    const line = JSON.parse(json.out[0] ?? '{}') as { fact: string; count: number; servers: number; reports: Record<string, unknown>[] };
    expect(line).toMatchObject({ fact: asked.fact, count: 2, servers: 1 });
    expect(line.reports[0]).toEqual({
      questionId: asked.id,
      factId: asked.fact,
      origin: 'quiz',
      guildId,
      channelId: quiz,
      messageId: reveal.id,
      userId: h.sim.userId('bob'),
      reason: 'wrong-answer',
      note,
      at: new Date(at).toISOString(),
    });
    expect(await reportsCli(h, '--verbose')).toMatchObject({ code: 2, err: ['reports: unknown option --verbose; usage: npm run reports [-- --json]'] });
  });

  it('given a Korean member and a bot restarted since the quiz, the Report button still opens the form, in Korean, and the thanks are in Korean', async () => {
    const general = h.channel('Big City Fans', 'general');
    const { reveal, asked } = await revealOfOneQuestion(h, general, 'olivia');
    await overPause(h);
    // The button names the question, not the game: it works after the quiz and the process are gone.
    await h.restart();
    const { ix, form } = await openForm(h, reveal.id, 'minji');
    expect(form.title).toBe('이 문제 신고하기');
    const reason = form.components[1] as { label: string; component: { options: { label: string }[] } };
    expect(reason.label).toBe('어떤 점이 문제인가요?');
    expect(reason.component.options.map((o) => o.label)).toEqual(['정답으로 표시된 답이 틀렸어요', '정답이 둘 이상이에요', '스포일러가 담겨 있어요', '문제가 모호해요', '다른 문제가 있어요']);
    // The question as the Korean bank words it (the quiz itself was in English).
    expect(String(form.components[0]?.['content'])).not.toBe(`> ${asked.prompt}`);
    expect(String(form.components[0]?.['content'])).toMatch(/[가-힣]/);
    expect(await sendForm(h, ix, 'minji', { reason: 'several-answers' })).toBe(
      '신고해 주셔서 고마워요. **복수 정답**으로 접수했어요. 문제를 관리하는 사람들이 확인할게요.',
    );
    expect(await click(h, reveal.id, 'minji', { label: 'Report' })).toBe('이미 신고한 문제예요. 신고는 문제마다 한 번이면 충분해요. 관리하는 사람들에게 이미 전달됐어요.');
  });

  it('given forged or broken reports (unknown question, bad reason, overlong note, unknown form), each is refused privately and nothing is kept', async () => {
    const general = h.channel('Big City Fans', 'general');
    const before = (await h.bot.ctx.store.reports.all()).length;
    const { reveal } = await revealOfOneQuestion(h, general, 'olivia');
    await overPause(h);
    // Button ids naming no question of the bank, or malformed.
    for (const customId of ['report:q:fact-nothing-like-this#1', 'report:x:role:film-jae-hee#1', 'report:q:has space', 'report:q:']) {
      expect(await click(h, reveal.id, 'alice', { customId }, true), customId).toBe(UNKNOWN);
    }
    expect(await click(h, reveal.id, 'alice', { customId: `report:q:${'a'.repeat(120)}` }, true)).toBe('That button is no longer active.');

    // A form sent with a reason it does not offer, with none, or with two.
    const { ix } = await openForm(h, reveal.id, 'alice');
    expect(() => h.sim.submitModal({ from: ix, values: { reason: 'boring' } })).toThrow(/not an option/);
    expect(await sendForm(h, ix, 'alice', { reason: 'boring' }, true)).toBe('Pick one of the reasons the form offers, then send the report again.');
    const twice = await openForm(h, reveal.id, 'alice');
    expect(await sendForm(h, twice.ix, 'alice', { reason: ['wrong-answer', 'unclear'] }, true)).toBe('Pick one of the reasons the form offers, then send the report again.');
    // A note beyond the cap (Discord's form stops at 300) is refused, not cut.
    const long = await openForm(h, reveal.id, 'alice');
    expect(() => h.sim.submitModal({ from: long.ix, values: { reason: 'other', note: 'x'.repeat(301) } })).toThrow(/at most 300/);
    expect(await sendForm(h, long.ix, 'alice', { reason: 'other', note: 'x'.repeat(301) }, true)).toBe(
      'Your note is 301 characters long; keep it to 300 and send the report again.',
    );
    // A forged form naming no question, and a form of no handler at all.
    const forged = h.sim.submitModal({ force: true, userId: 'alice', channelId: general, customId: 'reportform:q:fact-nothing-like-this#1', components: [] });
    expect(await ephemeralReply(h, forged, 'alice')).toBe(UNKNOWN);
    const ghost = h.sim.submitModal({ force: true, userId: 'alice', channelId: general, customId: 'ghostform:1', components: [] });
    expect(await ephemeralReply(h, ghost, 'alice')).toBe('That form is no longer active.');
    expect((await h.bot.ctx.store.reports.all()).length).toBe(before);

    // After all that, alice can still report the question once, with a note at the cap.
    const ok = await openForm(h, reveal.id, 'alice');
    expect(await sendForm(h, ok.ix, 'alice', { reason: 'other', note: 'x'.repeat(300) })).toBe(THANKS('something else'));
    expect((await h.bot.ctx.store.reports.all()).length).toBe(before + 1);
  });

  it('given a note with mentions and markdown, /config reports shows it escaped and pings nobody', async () => {
    const general = h.channel('Big City Fans', 'general');
    const { reveal } = await revealOfOneQuestion(h, general, 'olivia');
    await overPause(h);
    const { ix } = await openForm(h, reveal.id, 'carol');
    expect(await sendForm(h, ix, 'carol', { reason: 'other', note: '@everyone **look** at <@123456789012345678>' })).toBe(THANKS('something else'));
    const list = await reportList(h, general, 'mod');
    expect(list.fields?.[0]?.value).toContain('Note: @everyone \\*\\*look\\*\\* at <@123456789012345678>');
  });

  it('given a member without Manage Server, /config reports is not offered and a forced request is refused privately', async () => {
    const general = h.channel('Big City Fans', 'general');
    expect(() => h.sim.command({ channelId: general, userId: 'alice', name: 'config reports' })).toThrow(/default_member_permissions/);
    const ix = h.sim.command({ channelId: general, userId: 'alice', name: 'config reports', force: true });
    expect(await ephemeralReply(h, ix, 'alice')).toBe('You need the Manage Server permission to change these settings.');
    expect(embedOfOrNone(await ix.waitForReply())).toBeUndefined();
  });

  it('given reports of one fact from two servers, data:check marks it, and only it', async () => {
    const fans = h.channel('Big City Fans', 'quiz');
    const other = h.channel('Other Server', 'general');
    // The novel's easy facts are few: each server gets to the same one within a game or two.
    const options = { scope: 'novel', difficulty: 'easy' };
    const first = await revealOfOneQuestion(h, fans, 'olivia', options);
    await overPause(h);
    const fact = first.asked.fact;
    let second = await revealOfOneQuestion(h, other, 'dave', options);
    await overPause(h);
    for (let tries = 0; second.asked.fact !== fact && tries < 3; tries++) {
      second = await revealOfOneQuestion(h, other, 'dave', options);
      await overPause(h);
    }
    expect(second.asked.fact).toBe(fact);
    const a = await openForm(h, first.reveal.id, 'olivia');
    expect(await sendForm(h, a.ix, 'olivia', { reason: 'wrong-answer' })).toBe(THANKS('wrong answer'));
    const b = await openForm(h, second.reveal.id, 'dave');
    expect(await sendForm(h, b.ix, 'dave', { reason: 'unclear', note: 'Which story?' })).toBe(THANKS('unclear question'));

    const out: string[] = [];
    const err: string[] = [];
    const reports = await storedReportsFor({ DATABASE_URL: h.databaseUrl }, (l) => err.push(l));
    expect(runDataCheck(dataset, (l) => out.push(l), (l) => err.push(l), reports)).toBe(0);
    expect(err).toEqual([]);
    const marked = out.filter((l) => l.startsWith('    ⚑ '));
    // The earlier tests reported other facts from Big City Fans only: not marked.
    expect(marked).toHaveLength(1);
    expect(marked[0]).toMatch(new RegExp(`^    ⚑ ${fact?.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') ?? ''} — .+: 2 reports from 2 servers \\(unclear 1, wrong-answer 1\\)$`));
    expect(out.some((l) => l.startsWith(`  reports: ${reports?.length ?? 0} from players (npm run reports lists them); reported from several servers:`))).toBe(true);
  });
});

function embedOfOrNone(m: SimMessage): unknown {
  const embeds = m.data['embeds'];
  return Array.isArray(embeds) && embeds.length > 0 ? embeds[0] : undefined;
}

describe('practice: Report and Next question', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startQuizHarness({ guilds: [FANS, OTHER] });
    h.sim.addMember('Big City Fans', { username: 'minji', locale: 'ko' });
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => checkHarness(h));

  /** Asks for a practice question and answers it with its first button; returns the answered message. */
  async function practiseAndAnswer(where: { channelId: string } | { dm: true }, user: string): Promise<SimMessage> {
    const question = await h.sim.command({ ...where, userId: user, name: 'quiz practice' }).waitForReply();
    const first = h.sim.buttons(question.id)[0]?.label ?? '';
    const answered = await h.sim.click({ messageId: question.id, userId: user, label: first }).waitForReply();
    expect(answered.id).toBe(question.id);
    return answered;
  }

  it('given a practice answer, Next question turns the message into a new question with its own buttons, once', async () => {
    const general = h.channel('Big City Fans', 'general');
    const answered = await practiseAndAnswer({ channelId: general }, 'alice');
    const rows = rowsOf(answered);
    expect(rows).toHaveLength(2);
    expect(rows[0]?.every((b) => b.disabled && b.customId?.startsWith('practice:'))).toBe(true);
    const token = /^practice:([A-Za-z0-9]+):/.exec(rows[0]?.[0]?.customId ?? '')?.[1] ?? '';
    expect(rows[1]?.map((b) => ({ label: b.label, customId: b.customId, disabled: b.disabled }))).toEqual([
      { label: 'Next question', customId: `practicenext:${token}`, disabled: false },
      { label: 'Report', customId: expect.stringMatching(/^report:p:/) as unknown as string, disabled: false },
    ]);
    const before = embedOf(answered).description;

    const next = h.sim.click({ messageId: answered.id, userId: 'alice', label: 'Next question' });
    const updated = await next.waitForReply();
    expect(next.callbacks.map((c) => c.type)).toEqual([7]);
    expect(updated.id).toBe(answered.id);
    expect(embedOf(updated).title).toBe('Practice question');
    expect(embedOf(updated).description).not.toBe(before);
    const buttons = h.sim.buttons(updated.id);
    expect(buttons.every((b) => !b.disabled && b.customId?.startsWith('practice:') && !b.customId.startsWith(`practice:${token}:`))).toBe(true);
    // The new question is answered like the first.
    const again = await h.sim.click({ messageId: updated.id, userId: 'alice', label: buttons[0]?.label ?? '' }).waitForReply();
    expect(['Correct!', 'Not quite']).toContain(embedOf(again).title);
    // The old Next button (gone from the message) gives no second question.
    expect(await click(h, updated.id, 'alice', { customId: `practicenext:${token}` }, true)).toBe('You already asked for the next question: it is in this message.');
  });

  it('given a Korean member, Next question asks in Korean again', async () => {
    const general = h.channel('Big City Fans', 'general');
    const answered = await practiseAndAnswer({ channelId: general }, 'minji');
    const updated = await h.sim.click({ messageId: answered.id, userId: 'minji', label: '다음 문제' }).waitForReply();
    expect(embedOf(updated).title).toBe('연습 문제');
  });

  it("given someone else's, a forged or an expired Next button, each gets a clear private answer and the message stays", async () => {
    const general = h.channel('Big City Fans', 'general');
    const answered = await practiseAndAnswer({ channelId: general }, 'carol');
    const nextId = rowsOf(answered)[1]?.[0]?.customId ?? '';
    expect(await click(h, answered.id, 'bob', { customId: nextId }, true)).toBe('That practice question belongs to someone else. Ask for your own with `/quiz practice`.');
    expect(await click(h, answered.id, 'carol', { customId: 'practicenext:zzzz' }, true)).toBe('That practice question has expired. Ask for a new one with `/quiz practice`.');
    expect(await click(h, answered.id, 'carol', { customId: 'practicenext:../x' }, true)).toBe("That button doesn't belong to a practice question.");
    // A question not answered yet has no Next button: a forged one for it is refused.
    const open = await h.sim.command({ channelId: general, userId: 'carol', name: 'quiz practice' }).waitForReply();
    const openToken = /^practice:([A-Za-z0-9]+):/.exec(h.sim.buttons(open.id)[0]?.customId ?? '')?.[1] ?? '';
    expect(await click(h, open.id, 'carol', { customId: `practicenext:${openToken}` }, true)).toBe("That button doesn't belong to a practice question.");
    expect(embedOf(h.sim.message(answered.id) ?? answered).title).not.toBe('Practice question');
    // Ten minutes later the question (and its Next button) has expired.
    const { clock } = time(h);
    clock.set(clock.now() + 10 * 60_000);
    expect(await click(h, answered.id, 'carol', { label: 'Next question' })).toBe('That practice question has expired. Ask for a new one with `/quiz practice`.');
  });

  it('given a practice answer in a server and one in DMs, each can be reported; the server lists its own, npm run reports both', async () => {
    const general = h.channel('Big City Fans', 'general');
    const guildId = h.sim.guild('Big City Fans').id;
    const answered = await practiseAndAnswer({ channelId: general }, 'bob');
    const { ix, form } = await openForm(h, answered.id, 'bob');
    const questionId = form.custom_id.replace(/^reportform:p:/, '');
    expect(form.custom_id).toMatch(/^reportform:p:/);
    expect(await sendForm(h, ix, 'bob', { reason: 'unclear', note: '   ' })).toBe(THANKS('unclear question'));
    expect(await click(h, answered.id, 'bob', { label: 'Report' })).toBe(ALREADY);

    const inDm = await practiseAndAnswer({ dm: true }, 'dave');
    const dm = await openForm(h, inDm.id, 'dave');
    expect(await sendForm(h, dm.ix, 'dave', { reason: 'spoiler', note: 'Gives away the ending.' })).toBe(THANKS('spoiler'));

    const list = await reportList(h, general, 'olivia');
    expect(list.fields).toHaveLength(1);
    expect(list.fields?.[0]?.name).toBe('1. unclear question');
    // A private practice message has no link; an empty note no line.
    expect(list.fields?.[0]?.value.split('\n').at(-1)).toMatch(new RegExp(`^Reported by <@${h.sim.userId('bob')}> from practice in <#${general}> <t:\\d+:R>$`));
    expect(list.fields?.[0]?.value).not.toContain('Note:');
    const other = await reportList(h, h.channel('Other Server', 'general'), 'dave');
    expect(other.description).toBe('No question reports on this server yet. Players report a question with the **Report** button under its answer.');

    const all = await h.bot.ctx.store.reports.all();
    expect(all.find((r) => r.userId === h.sim.userId('bob'))).toMatchObject({ origin: 'practice', questionId, guildId, channelId: general, messageId: null, note: '' });
    expect(all.find((r) => r.userId === h.sim.userId('dave'))).toMatchObject({ origin: 'practice', guildId: null, channelId: h.sim.dmChannelId('dave'), messageId: null, reason: 'spoiler' });
    const text = await reportsCli(h);
    expect(text.out[0]).toBe('2 reports on 2 facts, from 1 server and DM practice.');
    expect(text.out.some((l) => l.includes(`by user ${h.sim.userId('dave')} in DM ${h.sim.dmChannelId('dave')}`))).toBe(true);
  });
});

