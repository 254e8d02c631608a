/**
 * Everything the quiz says: `/quiz` (its names, options and choices, as Discord lists them), the
 * public game messages (intro, questions, reveals, standings, notices), the private answers to
 * clicks and commands, practice, leaderboards and stats.
 *
 * The Korean replies quote the Korean names of the commands and options (`/퀴즈 중지`, `범위`),
 * because that is what a Korean Discord client shows; choice names use the same words as the
 * replies (난이도 혼합/쉬움/보통/어려움, 범위 영화/드라마/소설).
 */
import type { BoardScope } from '../../quiz/records.js';
import type { EndReason, RoundWinner } from '../../quiz/session.js';
import type { DifficultyChoice, Pace, Scope } from '../../quiz/types.js';
import type { ScorePeriod } from '../../store/types.js';
import { catalog } from '../catalog.js';
import { particleFor } from '../josa.js';

/** A name and a description, as a slash command or option carries them. */
interface Def {
  readonly name: string;
  readonly description: string;
}

const def = (name: string, description: string): Def => ({ name, description });
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
/** "2.5 s": one decimal, as a stopwatch shows it. */
const secs = (ms: number): string => (ms / 1000).toFixed(1);
/** `**B**로`, `**True**로`: the label with 으로/로 as it is read (에이, 비, 씨, 디, 오, 엑스 all take 로). */
const asLabel = (label: string): string => `**${label}**${particleFor(label, '으로/로')}`;
/** `word` in backticks with the particle after it. */
const codeWith = (word: string, particle: '은/는' | '을/를'): string => `\`${word}\`${particleFor(word, particle)}`;

/** A scorer line: the round's result for one player, with their place and how to mention them. */
type Scorer = Omit<RoundWinner, 'userId'> & { readonly rank: number; readonly user: string };

interface Ranked {
  readonly points: number;
  readonly rank: number;
  readonly players: number;
}

interface BoardLine {
  readonly rank: number;
  readonly user: string;
  readonly points: number;
  readonly correct: number;
  readonly answered: number;
}

export const quizMessages = catalog(
  {
    definition: {
      quiz: def('quiz', 'Watch-party quizzes, practice questions, scores and leaderboards'),
      start: def('start', 'Start a quiz in this channel for everyone to play'),
      stop: def('stop', "Stop this channel's quiz (host, quiz role or Manage Server)"),
      skip: def('skip', 'Reveal the answer now and go on (host, quiz role or Manage Server)'),
      pause: def('pause', "Pause this channel's quiz; the countdown stops (host, quiz role or Manage Server)"),
      resume: def('resume', 'Carry on with a paused quiz (host, quiz role or Manage Server)'),
      pace: def('pace', 'auto: the next question follows by itself; manual: the host presses Next question'),
      practice: def('practice', 'One question just for you; does not touch the leaderboard'),
      leaderboard: def('leaderboard', 'Top 10 players, with your own rank'),
      stats: def('stats', "A player's record: points, rank, accuracy, games, best streak"),
      rounds: { name: 'rounds', description: (p: { min: number; max: number }) => `How many questions (${p.min}–${p.max}; server default otherwise, usually 10)` },
      seconds: { name: 'seconds', description: (p: { min: number; max: number }) => `Seconds to answer each question (${p.min}–${p.max}; usually 20)` },
      scope: def('scope', 'Which work to ask about (default: all)'),
      difficulty: def('difficulty', 'easy, medium, hard or mixed (server default otherwise)'),
      spoilers: def('spoilers', "How far the group is: none, film, series-4, film+series-4, all (default: the channel's progress)"),
      practiceSpoilers: def('spoilers', "How far you are: none, film, series-4, film+series-4, all (default: the channel's progress)"),
      recap: def('recap', 'Ask first about the episodes (or act) watched last, then earlier ones'),
      boardScope: def('scope', 'This server or every server (default: this server; every server in DMs)'),
      period: def('period', 'All time, this calendar month or this week (UTC; weeks start on Monday)'),
      user: def('user', 'Whose record (default: yours)'),
    },
    /** Choice names as Discord lists them. */
    choices: {
      scope: { all: 'all', film: 'film', series: 'series', novel: 'novel' } satisfies Record<Scope, string>,
      difficulty: { mixed: 'mixed', easy: 'easy', medium: 'medium', hard: 'hard' } satisfies Record<DifficultyChoice, string>,
      boardScope: { server: 'server', global: 'global' } satisfies Record<BoardScope, string>,
      period: { 'all-time': 'all-time', month: 'month', week: 'week' } satisfies Record<ScorePeriod, string>,
      pace: { auto: 'auto', manual: 'manual' } satisfies Record<Pace, string>,
    },
    /** How the messages name the difficulty levels. */
    difficulty: { mixed: 'mixed', easy: 'easy', medium: 'medium', hard: 'hard' } satisfies Record<DifficultyChoice, string>,
    /** What a quiz of each scope is about, as the intro says it. */
    scope: { all: 'the novel, film and series', film: 'the film', series: 'the series', novel: 'the novel' } satisfies Record<Scope, string>,

    /** A footer naming the publications behind a question: at most three, the most authoritative first. */
    sources: (p: { names: readonly string[] }) => `${p.names.length === 1 ? 'Source' : 'Sources'}: ${p.names.join(', ')}`,

    intro: {
      title: 'Love in the Big City quiz',
      started: (p: { host: string; scope: string; rounds: number; seconds: number }) =>
        `${p.host} started a quiz on ${p.scope}: **${p.rounds}** question${p.rounds === 1 ? '' : 's'}, **${p.seconds} s** each.`,
      settings: (p: { difficulty: string; spoilers: string }) => `Difficulty: **${p.difficulty}** · Spoilers: **${p.spoilers}**`,
      recap: (p: { part: string }) => `A recap: questions about ${p.part} come first.`,
      rules: 'Press a button to answer. One answer per question; faster correct answers and streaks earn more.',
      first: (p: { when: string }) => `First question ${p.when}.`,
    },
    question: {
      title: (p: { number: number; total: number }) => `Question ${p.number} of ${p.total}`,
      closes: (p: { when: string }) => `Answers close ${p.when}.`,
      paused: (p: { seconds: number }) => `⏸ Paused by the host, with ${p.seconds} s left. Answers are closed until the quiz resumes.`,
      footer: (p: { difficulty: string; seconds: number }) => `${p.difficulty} · ${p.seconds} s to answer`,
    },
    reveal: {
      title: (p: { number: number; total: number }) => `Question ${p.number} of ${p.total}: time is up`,
      answer: (p: { label: string; text: string | null }) => `Answer: **${p.label}**${p.text === null ? '' : ` ${p.text}`}`,
      nobodyAnswered: 'Nobody answered this question.',
      nobodyRight: (p: { answered: number }) =>
        p.answered === 1 ? 'Nobody got it right: the one answer was wrong.' : `Nobody got it right: all ${p.answered} answers were wrong.`,
      scorersTitle: (p: { right: number; answered: number }) => `${p.right} of ${p.answered} got it right`,
      scorer: (p: Scorer) =>
        `${p.rank}. ${p.user} **+${p.points}** (${secs(p.elapsedMs)} s): base +${p.base}` +
        (p.speedBonus > 0 ? ` · speed +${p.speedBonus}` : '') +
        (p.streakBonus > 0 ? ` · 🔥 ${p.streak} in a row +${p.streakBonus}` : ''),
      moreScorers: (p: { count: number }) => `…and ${p.count} more`,
      boardTitle: (p: { number: number }) => `Scoreboard after question ${p.number}`,
      boardLine: (p: { rank: number; user: string; points: number }) => `${p.rank}. ${p.user} **${p.points}** pts`,
      boardMore: (p: { count: number }) => `…and ${plural(p.count, 'more player')}`,
      next: 'Next question',
      waiting: 'The host goes on with **Next question** when everyone is ready.',
    },
    standings: {
      title: 'Final standings',
      ended: (p: { reason: EndReason; played: number; total: number }) => {
        const after = p.played === 0 ? 'before the first question' : `after ${p.played} of ${plural(p.total, 'question')}`;
        switch (p.reason) {
          case 'completed':
            return `Quiz complete: ${plural(p.played, 'question')} played.`;
          case 'inactive':
            return `Ended early ${after}: three questions in a row went unanswered.`;
          case 'stopped':
            return `Stopped with /quiz stop ${after}.`;
          case 'abandoned':
            return `Ended ${after}: nobody pressed Next question for 15 minutes.`;
          case 'channel':
            return `Ended early ${after}: Discord refused my messages here (was the question deleted, or a permission removed?).`;
          case 'store':
            return `Ended early ${after}: the scores from the last question could not be saved, so the quiz stopped.`;
          case 'error':
            return `Ended early ${after} because of an unexpected problem on our side. It has been logged.`;
          case 'removed':
            return `Ended ${after}: the bot left the server.`;
          case 'interrupted':
            return `Ended ${after}: the bot was offline for too long to carry on.`;
        }
      },
      line: (p: BoardLine & { bestStreak: number }) =>
        `${p.rank}. ${p.user}: **${p.points}** pts · ${p.correct}/${p.answered} correct · best streak ${p.bestStreak}`,
      more: (p: { count: number }) => `…and ${plural(p.count, 'more player')}`,
      nobody: 'Nobody answered.',
      saved: 'Scores are saved: see `/quiz leaderboard` and `/quiz stats`.',
      notSaved: 'Not every score from this game could be saved; the rest are in `/quiz leaderboard`.',
    },
    notice: {
      resumedIntro: 'Back after a restart: the quiz starts shortly.',
      resumed: (p: { number: number; total: number }) => `Back after a restart: the quiz carries on (question ${p.number} of ${p.total}).`,
      resumedPaused: 'Back after a restart: the quiz is still paused. The host carries on with `/quiz resume`.',
    },
    answer: {
      locked: (p: { label: string; when: string }) => `Your answer **${p.label}** is locked in. Results ${p.when}.`,
      already: (p: { label: string }) => `You already answered **${p.label}** to this question. One answer per question.`,
      closed: 'Time is up for that question.',
      finished: 'That quiz has finished.',
      // Forged ids, and buttons of a quiz that ended before a restart: neither is part of a running quiz.
      unknown: "That button isn't part of a running quiz.",
      wrongGuild: 'That quiz belongs to another server.',
      wrongChannel: "That button doesn't belong to this channel's quiz.",
      paused: 'The quiz is paused: answers are closed until the host resumes it.',
      notSaved: "Your answer couldn't be saved, so it doesn't count yet. Please press your answer again.",
      dm: 'Quiz buttons only work in the server channel where the quiz runs.',
    },
    start: {
      started: (p: { rounds: number }) => `Quiz started: ${plural(p.rounds, 'question')}. Good luck!`,
      dm: 'Quizzes run in server channels. Here in DMs, try `/quiz practice` for a question of your own.',
      role: (p: { roleId: string; permission: string }) =>
        `On this server only members with the <@&${p.roleId}> role (or ${p.permission}) can start and stop quizzes.`,
      channel: (p: { channels: readonly string[] }) =>
        p.channels.length === 1
          ? `Quizzes can't run in this channel. On this server they run in ${p.channels.join('')}.`
          : `Quizzes can't run in this channel. On this server they run in one of: ${p.channels.join(', ')}.`,
      spoilers: (p: { requested: string; cap: string; capDescription: string }) =>
        `This server allows spoilers up to \`${p.cap}\`; \`${p.requested}\` goes beyond that. Pick something within \`${p.cap}\`.`,
      missingPermissions: (p: { names: string; count: number }) =>
        `I can't run a quiz here: I'm missing the ${p.names} permission${p.count > 1 ? 's' : ''} in this channel.`,
      alreadyRunning: (p: { link: string | null }) =>
        `A quiz is already running in this channel${p.link === null ? '.' : `: ${p.link}`} One quiz per channel; wait for it to end or ask the host to \`/quiz stop\`.`,
      outOfRange: (p: { option: string; min: number; max: number }) =>
        `Those options don't work: ${p.option} must be a whole number from ${p.min} to ${p.max}`,
      notAChoice: (p: { option: string; allowed: readonly string[] }) => `\`${p.option}\` must be one of: ${p.allowed.join(', ')}.`,
      noQuestions: 'No questions fit those options. Try a wider `scope`, `difficulty:mixed`, or more `spoilers`.',
      recapNoPlot: 'A recap asks about what you watched last, but this quiz reveals no plot (`none`). Record how far you are with `/watchparty progress`, or give `spoilers`, e.g. `spoilers:series-4`.',
      recapEmpty: (p: { part: string }) =>
        `I have no recap questions about ${p.part} for those options yet. Try without \`recap\`, or with a wider \`scope\` or \`difficulty\`.`,
      recapStarted: (p: { part: string }) => `Recap: questions about ${p.part} come first, then earlier ones.`,
      cannotPost: "I couldn't post the quiz in this channel. Check that I can View Channel, Send Messages and Embed Links here.",
      discordUnavailable: "Discord isn't accepting my messages right now, so the quiz didn't start. Please try again in a minute.",
      failed: "The quiz couldn't start because of a problem on our side. It has been logged; please try again.",
    },
    stop: {
      dm: 'There are no quizzes in DMs.',
      notRunning: 'No quiz is running in this channel.',
      forbidden: (p: { hostId: string; permission: string }) =>
        `Only the host (<@${p.hostId}>), the quiz role or members with ${p.permission} can stop this quiz.`,
      stopped: 'Quiz stopped. The final standings are posted in the channel.',
    },
    /** /quiz skip, pause and resume, and the Next question button: private answers to the host. */
    host: {
      forbidden: (p: { hostId: string; permission: string }) =>
        `Only the host (<@${p.hostId}>), the quiz role or members with ${p.permission} can do that.`,
      skipped: 'Skipped: the answer is revealed now.',
      skippedPause: 'Skipped the pause: the next question is coming.',
      skippedToEnd: 'Skipped the pause: the final standings are coming.',
      paused: 'Paused. Use `/quiz resume` to carry on.',
      alreadyPaused: 'The quiz is paused already. Use `/quiz resume` to carry on.',
      resumed: 'Resumed.',
      notPaused: "The quiz isn't paused.",
      pausedSkip: 'The quiz is paused. Use `/quiz resume` first.',
      notWaiting: 'That button is no longer active: the quiz has moved on.',
    },
    practice: {
      title: 'Practice question',
      footer: (p: { difficulty: string }) => `${p.difficulty} · practice answers count in your practice stats, not on the leaderboard`,
      right: 'Correct!',
      wrong: 'Not quite',
      record: (p: { correct: number; answered: number }) => `Practice record: ${p.correct}/${p.answered} correct. Another? \`/quiz practice\``,
      noQuestions: 'No practice question fits those spoilers. Try a wider `spoilers` option.',
      notYours: 'That practice question belongs to someone else. Ask for your own with `/quiz practice`.',
      alreadyAnswered: 'You already answered that practice question.',
      expired: 'That practice question has expired. Ask for a new one with `/quiz practice`.',
      unknown: "That button doesn't belong to a practice question.",
      next: 'Next question',
      alreadyNext: 'You already asked for the next question: it is in this message.',
    },
    leaderboard: {
      title: (p: { scope: BoardScope; period: ScorePeriod }) =>
        `${p.scope === 'server' ? 'Server' : 'Global'} leaderboard · ${p.period === 'month' ? 'this month (UTC)' : p.period === 'week' ? 'this week (UTC)' : 'all time'}`,
      line: (p: BoardLine) => `${p.rank}. ${p.user}: **${p.points}** pts · ${p.correct}/${p.answered} correct`,
      me: (p: BoardLine) => `${p.rank}. ${p.user} (you): **${p.points}** pts · ${p.correct}/${p.answered} correct`,
      empty: 'No scores yet. Start one with `/quiz start`!',
      footer: (p: { total: number }) => `${plural(p.total, 'player')} on this board`,
      noServerInDm: 'There is no server board in DMs; use `scope:global`.',
    },
    stats: {
      title: (p: { name: string }) => `${p.name}'s quiz record`,
      main: (p: Ranked & { scope: BoardScope }) =>
        `**${p.points}** pts ${p.scope === 'server' ? 'on this server' : 'across all servers'} · rank ${p.rank} of ${p.players}`,
      detail: (p: { correct: number; answered: number; games: number; bestStreak: number; lastPlayed: string }) =>
        `${p.correct}/${p.answered} correct · ${plural(p.games, 'game')} · best streak ${p.bestStreak} · last played ${p.lastPlayed}`,
      month: (p: Ranked) => `This month: **${p.points}** pts · rank ${p.rank} of ${p.players}`,
      monthNone: 'This month: no games yet',
      week: (p: Ranked) => `This week: **${p.points}** pts · rank ${p.rank} of ${p.players}`,
      weekNone: 'This week: no games yet',
      everywhere: (p: Ranked) => `All servers: **${p.points}** pts · rank ${p.rank} of ${p.players}`,
      noGames: (p: { scope: BoardScope }) => (p.scope === 'server' ? 'No quiz games on this server yet.' : 'No quiz games yet.'),
      practice: (p: { correct: number; answered: number }) => `Practice: ${p.correct}/${p.answered} correct`,
      noPractice: 'Practice: no questions yet',
    },
  },
  {
    definition: {
      quiz: def('퀴즈', '퀴즈, 연습 문제, 점수와 순위표'),
      start: def('시작', '이 채널에서 모두 함께 푸는 퀴즈를 시작해요'),
      stop: def('중지', '이 채널의 퀴즈를 멈춰요 (진행자, 퀴즈 역할, 서버 관리 권한)'),
      skip: def('건너뛰기', '지금 정답을 공개하고 다음으로 넘어가요 (진행자, 퀴즈 역할, 서버 관리 권한)'),
      pause: def('일시정지', '이 채널의 퀴즈를 잠시 멈춰요. 남은 시간도 멈춰요 (진행자, 퀴즈 역할, 서버 관리 권한)'),
      resume: def('재개', '잠시 멈춘 퀴즈를 이어서 진행해요 (진행자, 퀴즈 역할, 서버 관리 권한)'),
      pace: def('진행방식', '자동: 다음 문제가 알아서 나와요. 수동: 진행자가 다음 문제 버튼을 눌러요'),
      practice: def('연습', '나만 보는 연습 문제 하나 (순위표에는 반영되지 않아요)'),
      leaderboard: def('순위표', '상위 10명과 내 순위'),
      stats: def('기록', '플레이어 기록: 점수, 순위, 정답률, 게임 수, 최고 연속 정답'),
      rounds: { name: '문제수', description: (p) => `문제 수 (${p.min}~${p.max}, 정하지 않으면 서버 기본값, 보통 10)` },
      seconds: { name: '제한시간', description: (p) => `문제당 제한 시간(초) (${p.min}~${p.max}, 보통 20)` },
      scope: def('범위', '어느 작품에 대해 물을지 (기본: 전체)'),
      difficulty: def('난이도', '쉬움, 보통, 어려움 또는 혼합 (정하지 않으면 서버 기본값)'),
      spoilers: def('스포일러', '다 함께 어디까지 봤는지: none, film, series-4, film+series-4, novel-2, all (기본: 채널 진도)'),
      practiceSpoilers: def('스포일러', '내가 어디까지 봤는지: none, film, series-4, film+series-4, novel-2, all (기본: 채널 진도)'),
      recap: def('복습', '가장 최근에 본 회차(막)부터 묻고, 그다음에 앞부분을 물어요'),
      boardScope: def('범위', '이 서버 또는 전체 서버 (기본: 이 서버, DM에서는 전체 서버)'),
      period: def('기간', '전체 기간, 이번 달 또는 이번 주 (UTC, 한 주는 월요일부터)'),
      user: def('사용자', '누구의 기록인지 (기본: 나)'),
    },
    choices: {
      scope: { all: '전체', film: '영화', series: '드라마', novel: '소설' },
      difficulty: { mixed: '혼합', easy: '쉬움', medium: '보통', hard: '어려움' },
      boardScope: { server: '이 서버', global: '전체 서버' },
      period: { 'all-time': '전체 기간', month: '이번 달', week: '이번 주' },
      pace: { auto: '자동', manual: '수동' },
    },
    difficulty: { mixed: '혼합', easy: '쉬움', medium: '보통', hard: '어려움' },
    scope: { all: '소설·영화·드라마', film: '영화', series: '드라마', novel: '소설' },

    sources: (p) => `출처: ${p.names.join(', ')}`,

    intro: {
      title: '대도시의 사랑법 퀴즈',
      started: (p) => `${p.host}님이 ${p.scope} 퀴즈를 시작했어요. 모두 **${p.rounds}**문제, 문제당 **${p.seconds}초**예요.`,
      settings: (p) => `난이도: **${p.difficulty}** · 스포일러: **${p.spoilers}**`,
      recap: (p) => `복습 퀴즈예요. ${p.part} 문제가 먼저 나와요.`,
      rules: '버튼을 눌러 답해 주세요. 문제마다 한 번만 답할 수 있고, 빨리 맞힐수록, 연달아 맞힐수록 점수가 더 올라가요.',
      first: (p) => `첫 문제는 ${p.when} 나와요.`,
    },
    question: {
      title: (p) => `문제 ${p.number}/${p.total}`,
      closes: (p) => `${p.when} 마감돼요.`,
      paused: (p) => `⏸ 진행자가 퀴즈를 잠시 멈췄어요. 남은 시간은 ${p.seconds}초예요. 다시 시작할 때까지 답할 수 없어요.`,
      footer: (p) => `${p.difficulty} · 제한 시간 ${p.seconds}초`,
    },
    reveal: {
      title: (p) => `문제 ${p.number}/${p.total} · 정답 공개`,
      answer: (p) => `정답: **${p.label}**${p.text === null ? '' : ` ${p.text}`}`,
      nobodyAnswered: '이번 문제에는 아무도 답하지 않았어요.',
      nobodyRight: (p) => (p.answered === 1 ? '맞힌 사람이 없어요. 답한 1명이 틀렸어요.' : `맞힌 사람이 없어요. 답한 ${p.answered}명 모두 틀렸어요.`),
      scorersTitle: (p) => `${p.answered}명 중 ${p.right}명 정답`,
      scorer: (p) =>
        `${p.rank}. ${p.user} **+${p.points}점** (${secs(p.elapsedMs)}초): 기본 +${p.base}` +
        (p.speedBonus > 0 ? ` · 속도 +${p.speedBonus}` : '') +
        (p.streakBonus > 0 ? ` · 🔥 ${p.streak}연속 정답 +${p.streakBonus}` : ''),
      moreScorers: (p) => `…외 ${p.count}명`,
      boardTitle: (p) => `${p.number}번 문제까지의 순위`,
      boardLine: (p) => `${p.rank}. ${p.user} **${p.points}**점`,
      boardMore: (p) => `…외 ${p.count}명`,
      next: '다음 문제',
      waiting: '모두 준비되면 진행자가 **다음 문제** 버튼을 눌러 이어 가요.',
    },
    standings: {
      title: '최종 순위',
      ended: (p) => {
        const after = p.played === 0 ? '첫 문제 전에' : `${p.total}문제 중 ${p.played}문제를 진행하고`;
        switch (p.reason) {
          case 'completed':
            return p.played === 1 ? '퀴즈가 끝났어요. 1문제를 풀었어요.' : `퀴즈가 끝났어요. ${p.played}문제를 모두 풀었어요.`;
          case 'inactive':
            return `세 문제 연속으로 아무도 답하지 않아서 ${after} 일찍 끝났어요.`;
          case 'stopped':
            return `\`/퀴즈 중지\`로 ${after} 멈췄어요.`;
          case 'abandoned':
            return `15분 동안 아무도 다음 문제 버튼을 누르지 않아서 ${after} 끝났어요.`;
          case 'channel':
            return `디스코드가 이 채널의 봇 메시지를 받아 주지 않아서 ${after} 일찍 끝났어요. 문제 메시지가 삭제됐거나 권한이 바뀌었는지 확인해 주세요.`;
          case 'store':
            return `마지막 문제의 점수를 저장하지 못해서 ${after} 퀴즈를 멈췄어요.`;
          case 'error':
            return `예상하지 못한 문제로 ${after} 일찍 끝났어요. 문제는 기록해 두었어요.`;
          case 'removed':
            return `봇이 서버에서 나가서 ${after} 끝났어요.`;
          case 'interrupted':
            return `봇이 너무 오래 꺼져 있어서 ${after} 끝났어요.`;
        }
      },
      line: (p) => `${p.rank}. ${p.user} **${p.points}**점 · 정답 ${p.correct}/${p.answered} · 최고 ${p.bestStreak}연속`,
      more: (p) => `…외 ${p.count}명`,
      nobody: '아무도 답하지 않았어요.',
      saved: '점수는 저장됐어요. `/퀴즈 순위표`와 `/퀴즈 기록`에서 확인해 보세요.',
      notSaved: '이번 게임의 점수 중 일부를 저장하지 못했어요. 저장된 점수는 `/퀴즈 순위표`에서 볼 수 있어요.',
    },
    notice: {
      resumedIntro: '봇이 다시 시작됐어요. 퀴즈가 곧 시작돼요.',
      resumed: (p) => `봇이 다시 시작됐어요. 퀴즈를 이어서 진행해요 (문제 ${p.number}/${p.total}).`,
      resumedPaused: '봇이 다시 시작됐어요. 퀴즈는 아직 멈춰 있어요. 진행자가 `/퀴즈 재개`로 이어 갈 수 있어요.',
    },
    answer: {
      locked: (p) => `${asLabel(p.label)} 답했어요. 결과는 ${p.when} 공개돼요.`,
      already: (p) => `이 문제에는 이미 ${asLabel(p.label)} 답했어요. 문제마다 한 번만 답할 수 있어요.`,
      closed: '이 문제는 이미 마감됐어요.',
      finished: '이 퀴즈는 끝났어요.',
      unknown: '진행 중인 퀴즈의 버튼이 아니에요.',
      wrongGuild: '다른 서버에서 진행 중인 퀴즈예요.',
      wrongChannel: '이 채널에서 진행 중인 퀴즈의 버튼이 아니에요.',
      paused: '퀴즈가 잠시 멈춘 상태예요. 진행자가 다시 시작하면 답할 수 있어요.',
      notSaved: '답을 저장하지 못해서 아직 반영되지 않았어요. 답을 한 번 더 눌러 주세요.',
      dm: '퀴즈 버튼은 퀴즈가 열린 서버 채널에서만 쓸 수 있어요.',
    },
    start: {
      started: (p) => `퀴즈를 시작했어요. 모두 ${p.rounds}문제예요. 행운을 빌어요!`,
      dm: '퀴즈는 서버 채널에서 열려요. DM에서는 `/퀴즈 연습`으로 나만의 문제를 풀어 보세요.',
      role: (p) => `이 서버에서는 <@&${p.roleId}> 역할이 있거나 ${p.permission} 권한이 있는 멤버만 퀴즈를 시작하고 멈출 수 있어요.`,
      channel: (p) =>
        p.channels.length === 1
          ? `이 채널에서는 퀴즈를 열 수 없어요. 이 서버에서는 ${p.channels.join('')} 채널에서 열 수 있어요.`
          : `이 채널에서는 퀴즈를 열 수 없어요. 이 서버에서는 ${p.channels.join(', ')} 채널 중 한 곳에서 열 수 있어요.`,
      spoilers: (p) =>
        `이 서버는 스포일러를 \`${p.cap}\`(${p.capDescription})까지만 허용해요. ${codeWith(p.requested, '은/는')} 그 범위를 넘어요. \`${p.cap}\` 안에서 골라 주세요.`,
      missingPermissions: (p) => `이 채널에서는 퀴즈를 열 수 없어요. 봇에게 ${p.names} 권한이 없어요.`,
      alreadyRunning: (p) =>
        '이 채널에서 이미 퀴즈가 진행 중이에요. 채널마다 퀴즈는 하나만 열 수 있으니 끝날 때까지 기다리거나 진행자에게 `/퀴즈 중지`를 부탁해 주세요.' +
        (p.link === null ? '' : `\n${p.link}`),
      outOfRange: (p) => `${codeWith(p.option, '은/는')} ${p.min}부터 ${p.max}까지의 정수여야 해요.`,
      notAChoice: (p) => `${codeWith(p.option, '은/는')} ${p.allowed.join(', ')} 중 하나여야 해요.`,
      noQuestions: '조건에 맞는 문제가 없어요. `범위`를 넓히거나, `난이도`를 혼합으로 고르거나, `스포일러`를 더 넓게 골라 보세요.',
      recapNoPlot:
        '복습 퀴즈는 가장 최근에 본 부분을 묻는데, 이 퀴즈는 줄거리를 다루지 않아요(`none`). `/워치파티 진도`로 어디까지 봤는지 기록하거나 `스포일러`를 정해 주세요. 예: `스포일러:series-4`',
      recapEmpty: (p) => `${p.part}에 대한 복습 문제가 아직 없어요. \`복습\` 없이 시작하거나 \`범위\`나 \`난이도\`를 넓혀 보세요.`,
      recapStarted: (p) => `복습 퀴즈예요. ${p.part} 문제가 먼저 나오고, 그다음에 앞부분 문제가 나와요.`,
      cannotPost: '이 채널에 퀴즈를 올리지 못했어요. 봇에게 채널 보기, 메시지 보내기, 링크 첨부 권한이 있는지 확인해 주세요.',
      discordUnavailable: '지금은 디스코드가 봇 메시지를 받아 주지 않아서 퀴즈를 시작하지 못했어요. 잠시 후 다시 시도해 주세요.',
      failed: '저희 쪽 문제로 퀴즈를 시작하지 못했어요. 기록해 두었으니 다시 시도해 주세요.',
    },
    stop: {
      dm: 'DM에서는 퀴즈가 열리지 않아요.',
      notRunning: '이 채널에서 진행 중인 퀴즈가 없어요.',
      forbidden: (p) => `이 퀴즈는 진행자(<@${p.hostId}>), 퀴즈 역할이 있는 멤버, ${p.permission} 권한이 있는 멤버만 멈출 수 있어요.`,
      stopped: '퀴즈를 멈췄어요. 최종 순위는 채널에 올렸어요.',
    },
    host: {
      forbidden: (p) => `진행자(<@${p.hostId}>), 퀴즈 역할이 있는 멤버, ${p.permission} 권한이 있는 멤버만 할 수 있어요.`,
      skipped: '건너뛰었어요. 지금 정답을 공개해요.',
      skippedPause: '쉬는 시간을 건너뛰었어요. 곧 다음 문제가 나와요.',
      skippedToEnd: '쉬는 시간을 건너뛰었어요. 곧 최종 순위가 나와요.',
      paused: '퀴즈를 잠시 멈췄어요. 이어서 하려면 `/퀴즈 재개`를 써 주세요.',
      alreadyPaused: '퀴즈가 이미 멈춰 있어요. 이어서 하려면 `/퀴즈 재개`를 써 주세요.',
      resumed: '퀴즈를 다시 시작했어요.',
      notPaused: '퀴즈가 멈춰 있지 않아요.',
      pausedSkip: '퀴즈가 멈춰 있어요. 먼저 `/퀴즈 재개`를 써 주세요.',
      notWaiting: '이미 지난 버튼이에요. 퀴즈는 벌써 다음으로 넘어갔어요.',
    },
    practice: {
      title: '연습 문제',
      footer: (p) => `${p.difficulty} · 연습 문제는 순위표가 아니라 연습 기록에만 남아요`,
      right: '정답이에요!',
      wrong: '아쉽게도 틀렸어요',
      record: (p) => `연습 기록: ${p.answered}문제 중 ${p.correct}문제 정답. 한 문제 더 풀어 볼까요? \`/퀴즈 연습\``,
      noQuestions: '그 스포일러 범위에 맞는 연습 문제가 없어요. `스포일러`를 더 넓게 골라 보세요.',
      notYours: '다른 사람의 연습 문제예요. `/퀴즈 연습`으로 내 문제를 받아 보세요.',
      alreadyAnswered: '이미 답한 연습 문제예요.',
      expired: '시간이 지나 끝난 연습 문제예요. `/퀴즈 연습`으로 새 문제를 받아 보세요.',
      unknown: '연습 문제의 버튼이 아니에요.',
      next: '다음 문제',
      alreadyNext: '이미 다음 문제를 받았어요. 이 메시지에 있어요.',
    },
    leaderboard: {
      title: (p) => `${p.scope === 'server' ? '서버 순위표' : '전체 서버 순위표'} · ${p.period === 'month' ? '이번 달 (UTC)' : p.period === 'week' ? '이번 주 (UTC)' : '전체 기간'}`,
      line: (p) => `${p.rank}. ${p.user} **${p.points}**점 · 정답 ${p.correct}/${p.answered}`,
      me: (p) => `${p.rank}. ${p.user} (나) **${p.points}**점 · 정답 ${p.correct}/${p.answered}`,
      empty: '아직 점수가 없어요. `/퀴즈 시작`으로 퀴즈를 열어 보세요!',
      footer: (p) => `이 순위표에 ${p.total}명이 있어요`,
      noServerInDm: 'DM에는 서버 순위표가 없어요. `범위`에서 전체 서버를 골라 주세요.',
    },
    stats: {
      title: (p) => `${p.name}님의 퀴즈 기록`,
      main: (p) => `${p.scope === 'server' ? '이 서버' : '전체 서버'} **${p.points}**점 · ${p.players}명 중 ${p.rank}위`,
      detail: (p) => `정답 ${p.correct}/${p.answered} · ${p.games}게임 · 최고 ${p.bestStreak}연속 · 최근 플레이 ${p.lastPlayed}`,
      month: (p) => `이번 달: **${p.points}**점 · ${p.players}명 중 ${p.rank}위`,
      monthNone: '이번 달: 아직 기록이 없어요',
      week: (p) => `이번 주: **${p.points}**점 · ${p.players}명 중 ${p.rank}위`,
      weekNone: '이번 주: 아직 기록이 없어요',
      everywhere: (p) => `전체 서버: **${p.points}**점 · ${p.players}명 중 ${p.rank}위`,
      noGames: (p) => (p.scope === 'server' ? '이 서버에서는 아직 퀴즈 기록이 없어요.' : '아직 퀴즈 기록이 없어요.'),
      practice: (p) => `연습: ${p.answered}문제 중 ${p.correct}문제 정답`,
      noPractice: '연습: 아직 푼 문제가 없어요',
    },
  },
);
