/**
 * The single error wrapper and graceful shutdown, through the simulator and the real bot.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { UserFacingError } from '../../src/errors.js';
import { configMessages } from '../../src/i18n/messages/config.js';
import { expectEnglish, expectKorean } from './config-helpers.js';
import type { InteractionHandle } from '../sim/index.js';
import { startHarness, type Harness } from './harness.js';
import { overPause, questionOnScreen, startQuiz, startQuizHarness } from './quiz-helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  h?.sim.assertNoViolations();
  await h?.close();
  h = undefined;
});

const content = (data: Record<string, unknown>): string => String(data['content'] ?? '');

/** A member whose Discord client is in Korean. */
function addKoreanMember(harness: Harness): void {
  harness.sim.addMember('Big City Fans', { username: 'minji', locale: 'ko' });
}

describe('the error wrapper', () => {
  it('given a handler failing unexpectedly (the database is gone), the member gets a generic private reply and the log names command, user and guild', async () => {
    h = await startHarness();
    const general = h.channel('Big City Fans', 'general');
    await h.bot.ctx.store.close();
    const ix = h.sim.command({ channelId: general, userId: 'alice', name: 'quiz stats' });
    const reply = await ix.waitForReply();
    expect(ix.ephemeral).toBe(true);
    expect(content(reply.data)).toBe('Something went wrong on our side while handling that. It has been logged; please try again.');
    const line = h.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['msg'] === 'interaction handler failed');
    expect(line).toMatchObject({ command: 'quiz', userId: h.sim.userId('alice'), guildId: h.sim.guild('Big City Fans').id });
    expect(line?.['err']).toBeDefined();
    // The process carries on: a look-up that needs no database still works.
    const film = await h.sim.command({ channelId: general, userId: 'bob', name: 'film' }).waitForReply();
    expect(h.sim.renderMessage(film)).toContain('118 minutes');
  });

  it('given a handler failing unexpectedly, a Korean member gets the generic reply in Korean', async () => {
    h = await startHarness();
    addKoreanMember(h);
    const general = h.channel('Big City Fans', 'general');
    await h.bot.ctx.store.close();
    const ix = h.sim.command({ channelId: general, userId: 'minji', name: 'quiz stats' });
    const reply = await ix.waitForReply();
    expect(ix.ephemeral).toBe(true);
    expect(content(reply.data)).toBe('처리하는 중에 문제가 생겼어요. 기록해 두었으니 잠시 후 다시 시도해 주세요.');
    expectKorean(content(reply.data));
  });

  it('given a command the bot does not know and a button of no handler, each member is told in their language', async () => {
    h = await startHarness();
    addKoreanMember(h);
    const general = h.channel('Big City Fans', 'general');
    const unknownEn = h.sim.command({ channelId: general, userId: 'alice', name: 'ghost', force: true });
    expect(content((await unknownEn.waitForReply()).data)).toBe("I don't know the command `/ghost`. Try `/about` for the list.");
    expect(unknownEn.ephemeral).toBe(true);
    const unknownKo = h.sim.command({ channelId: general, userId: 'minji', name: 'ghost', force: true });
    const koText = content((await unknownKo.waitForReply()).data);
    expect(koText).toBe('모르는 명령어예요: `/ghost`. 명령어 목록은 `/소개`에서 볼 수 있어요.');
    expectKorean(koText);

    // A message with a button to press: the practice question.
    const practice = await h.sim.command({ channelId: general, userId: 'minji', name: 'quiz practice' }).waitForReply();
    const stale = h.sim.click({ messageId: practice.id, userId: 'minji', customId: 'gone:1', force: true });
    const staleText = content((await stale.waitForReply()).data);
    expect(staleText).toBe('더 이상 쓸 수 없는 버튼이에요.');
    expect(stale.ephemeral).toBe(true);
    const practiceEn = await h.sim.command({ channelId: general, userId: 'alice', name: 'quiz practice' }).waitForReply();
    const staleEn = h.sim.click({ messageId: practiceEn.id, userId: 'alice', customId: 'gone:1', force: true });
    expect(content((await staleEn.waitForReply()).data)).toBe('That button is no longer active.');
  });

  it('given a refusal (a UserFacingError), it reaches the member privately in their language', async () => {
    h = await startHarness();
    addKoreanMember(h);
    const general = h.channel('Big City Fans', 'general');
    const ko = h.sim.command({ channelId: general, userId: 'minji', name: 'config show', force: true });
    const koText = content((await ko.waitForReply()).data);
    expect(ko.ephemeral).toBe(true);
    expect(koText).toBe('이 설정을 바꾸려면 서버 관리 권한이 필요해요.');
    const en = h.sim.command({ channelId: general, userId: 'alice', name: 'config show', force: true });
    const enText = content((await en.waitForReply()).data);
    expect(enText).toBe('You need the Manage Server permission to change these settings.');
    expectEnglish(enText);
  });
});

describe('malformed interactions', () => {
  interface LogLine {
    readonly level: number;
    readonly msg: string;
    readonly [key: string]: unknown;
  }
  const GENERIC = 'Something went wrong on our side while handling that. It has been logged; please try again.';
  const lines = (harness: Harness): LogLine[] => harness.logs.map((l) => JSON.parse(l) as LogLine);

  /** The member got the generic private reply, and the log holds one warning for it: no error, no stack. */
  async function expectOneWarning(harness: Harness, ix: InteractionHandle): Promise<LogLine> {
    const reply = await ix.waitForReply();
    expect(ix.ephemeral).toBe(true);
    expect(content(reply.data)).toBe(GENERIC);
    const about = lines(harness).filter((l) => l['interactionId'] === ix.id);
    expect(about).toHaveLength(1);
    const [line] = about as [LogLine];
    expect(line).toMatchObject({ level: 40, msg: 'malformed interaction' });
    expect(line['err']).toBeUndefined();
    expect(lines(harness).filter((l) => l.level >= 50)).toEqual([]);
    expect(harness.logs.join('')).not.toContain('"stack"');
    return line;
  }

  it('given a command without its required option, the member gets the generic reply and the log one warning naming the option', async () => {
    h = await startHarness();
    const ix = h.sim.command({ channelId: h.channel('Big City Fans', 'general'), userId: 'alice', name: 'character', options: [], force: true });
    const line = await expectOneWarning(h, ix);
    expect(line).toMatchObject({ interactionId: ix.id, command: 'character', problem: 'Required option "name" not found.' });
  });

  it('given a subcommand with an empty name, one warning says so', async () => {
    h = await startHarness();
    const ix = h.sim.command({
      channelId: h.channel('Big City Fans', 'general'),
      userId: 'alice',
      name: 'quiz',
      options: [{ type: 1, name: '', options: [] }],
      force: true,
    });
    const line = await expectOneWarning(h, ix);
    expect(line).toMatchObject({ interactionId: ix.id, command: 'quiz', problem: 'empty subcommand name' });
  });

  it('given no subcommand at all, one warning with discord.js\'s reason', async () => {
    h = await startHarness();
    const ix = h.sim.command({ channelId: h.channel('Big City Fans', 'general'), userId: 'mod', name: 'config', options: [], force: true });
    const line = await expectOneWarning(h, ix);
    expect(line).toMatchObject({ interactionId: ix.id, command: 'config', problem: 'No subcommand specified for interaction.' });
  });

  it('given a server interaction without member.permissions, the handler is not run and one warning says what was missing', async () => {
    h = await startHarness();
    const ix = h.sim.command({
      channelId: h.channel('Big City Fans', 'general'),
      userId: 'olivia',
      name: 'config show',
      force: true,
      tamper: (payload) => {
        delete (payload['member'] as Record<string, unknown>)['permissions'];
      },
    });
    const line = await expectOneWarning(h, ix);
    expect(line).toMatchObject({ interactionId: ix.id, command: 'config', problem: 'member.permissions is missing' });
  });

  it('given an option of the wrong type, one warning; a well-formed command right after is answered normally', async () => {
    h = await startHarness();
    const general = h.channel('Big City Fans', 'general');
    const ix = h.sim.command({ channelId: general, userId: 'alice', name: 'fact', options: [{ type: 4, name: 'query', value: 3 }], force: true });
    const line = await expectOneWarning(h, ix);
    expect(String(line['problem'])).toContain('query');
    const film = await h.sim.command({ channelId: general, userId: 'bob', name: 'film' }).waitForReply();
    expect(h.sim.renderMessage(film)).toContain('118 minutes');
  });
});

describe('UserFacingError', () => {
  it('given a message in both languages, the reader of each gets theirs; given one string, every reader gets it', () => {
    const both = UserFacingError.of(configMessages, (m) => m.reset.notValid);
    expect(both.textIn('ko')).toBe('여기서는 쓸 수 없는 확인 버튼이에요.');
    expect(both.textIn('en')).toBe('That confirmation button is not valid here.');
    expect(both.message).toBe('That confirmation button is not valid here.');
    expect(new UserFacingError('Only English.').textIn('ko')).toBe('Only English.');
  });
});

describe('graceful shutdown', () => {
  it('given a stop while a reply is in flight, the reply still lands, and a command arriving meanwhile is told the bot is restarting', async () => {
    h = await startHarness();
    const general = h.channel('Big City Fans', 'general');
    // Hold the first reply back with a rate limit so the stop has something to wait for.
    h.sim.rateLimitNext(1, 0.8, { method: 'POST', path: /\/callback$/ });
    const first = h.sim.command({ channelId: general, userId: 'alice', name: 'novel' });
    await h.sim.waitFor(() => (h?.sim.requests.some((r) => r.path.endsWith('/callback')) ? true : undefined), 'the first callback attempt');
    const stopping = h.bot.stop();
    const second = h.sim.command({ channelId: general, userId: 'bob', name: 'film' });
    const notice = await second.waitForReply();
    expect(second.ephemeral).toBe(true);
    expect(content(notice.data)).toBe('The bot is restarting. Please try again in a few seconds.');
    const landed = await first.waitForReply();
    expect(h.sim.renderMessage(landed)).toContain('Changbi (창비)');
    await stopping;
  });

  it('given a stop, a Korean member arriving meanwhile is told in Korean that the bot is restarting', async () => {
    h = await startHarness();
    addKoreanMember(h);
    const general = h.channel('Big City Fans', 'general');
    h.sim.rateLimitNext(1, 0.8, { method: 'POST', path: /\/callback$/ });
    const first = h.sim.command({ channelId: general, userId: 'alice', name: 'novel' });
    await h.sim.waitFor(() => (h?.sim.requests.some((r) => r.path.endsWith('/callback')) ? true : undefined), 'the first callback attempt');
    const stopping = h.bot.stop();
    const second = h.sim.command({ channelId: general, userId: 'minji', name: 'film' });
    const notice = await second.waitForReply();
    expect(second.ephemeral).toBe(true);
    expect(content(notice.data)).toBe('봇이 다시 시작하는 중이에요. 몇 초 뒤에 다시 시도해 주세요.');
    await first.waitForReply();
    await stopping;
  });

  it('given a stop while answers wait for their save, each is still told it is locked in before the bot stops', async () => {
    h = await startQuizHarness();
    const general = h.channel('Big City Fans', 'general');
    await startQuiz(h, general, 'alice', { rounds: 1 });
    await overPause(h);
    const q = await questionOnScreen(h, general, 1, 1);
    // Each save of answers takes 300 ms more…
    const sessions = h.bot.ctx.store.sessions;
    const append = sessions.appendAnswers.bind(sessions);
    let writing = 0;
    sessions.appendAnswers = async (...args) => {
      writing += 1;
      await new Promise((resolve) => setTimeout(resolve, 300));
      return append(...args);
    };
    // …and the replies are held back 0.6 s by a rate limit, so that a stop not waiting for them would end first.
    h.sim.rateLimitNext(2, 0.6, { method: 'POST', path: /\/callback$/ });
    const clicks = ['bob', 'carol'].map((userId) => h?.sim.click({ messageId: q.message.id, userId, label: q.correctLabel }));
    // The clicks reached the bot and their group commit is under way when the stop comes.
    while (writing === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(clicks.map((ix) => ix?.callbacks.length)).toEqual([0, 0]);
    await h.bot.stop();
    for (const ix of clicks) {
      // Answered by the time the stop is over: a process exiting then loses no "locked in".
      expect(ix?.callbacks.map((c) => c.type)).toEqual([4]);
      expect(content((await ix?.waitForReply())?.data ?? {})).toContain('locked in');
    }
  });
});
