/**
 * `/config`: its definition (names, descriptions, choices), its replies and refusals, the
 * settings card and the leaderboard-reset confirmation. The Korean names of the command and its
 * options are defined here too, and the Korean replies quote them, so a moderator reads what
 * their Discord client showed them.
 */
import { catalog } from '../catalog.js';
import { particleFor, type Particle } from '../josa.js';
import type { Lang } from '../lang.js';

/** A name and a description, as a slash command or option carries them. */
interface Def {
  readonly name: string;
  readonly description: string;
}

const def = (name: string, description: string): Def => ({ name, description });

const mention = (channelId: string): string => `<#${channelId}>`;
const role = (roleId: string): string => `<@&${roleId}>`;
/** `word` in backticks with the particle its last syllable calls for: "`제한시간`은", "`문제수`는". */
const code = (word: string, particle: Particle): string => `\`${word}\`${particleFor(word, particle)}`;
/** `**word**` with its particle ("**취소**를"). */
const bold = (word: string, particle: Particle): string => `**${word}**${particleFor(word, particle)}`;
/** "A, B or C" in backticks. */
const orList = (items: readonly string[]): string =>
  items.length <= 1 ? items.map((o) => `\`${o}\``).join('') : `${items.slice(0, -1).map((o) => `\`${o}\``).join(', ')} or \`${items.at(-1) ?? ''}\``;

const PRIVATE_NOTE_EN = "Private replies such as this one keep following each member's Discord language.";
const PRIVATE_NOTE_KO = '이 답변처럼 나만 보이는 답변은 지금처럼 각자의 디스코드 언어를 따라요.';

export const configMessages = catalog(
  {
    definition: {
      config: def('config', 'Server settings for quizzes (Manage Server)'),
      show: def('show', 'Show every setting for this server'),
      quizChannels: def('quiz-channels', 'Where /quiz start is allowed (empty list = anywhere)'),
      channelsAdd: def('add', 'Allow quizzes in a channel'),
      channelsAddChannel: def('channel', 'A text or announcement channel'),
      channelsRemove: def('remove', 'Stop allowing quizzes in a channel'),
      channelsRemoveChannel: def('channel', 'A channel on the list'),
      channelsClear: def('clear', 'Allow quizzes in any channel again'),
      spoilers: def('spoilers', 'The highest spoiler level quizzes and look-ups may reach here'),
      spoilersMax: def('max', 'The most anyone may see here: none, film, series-4, film+series-8, all…'),
      quizDefaults: def('quiz-defaults', 'Defaults for /quiz start on this server (give any of them)'),
      rounds: { name: 'rounds', description: (p: { min: number; max: number }) => `Questions per quiz (${p.min}–${p.max})` },
      seconds: { name: 'seconds', description: (p: { min: number; max: number }) => `Seconds per question (${p.min}–${p.max})` },
      difficulty: def('difficulty', 'mixed, easy, medium or hard'),
      defaultSpoilers: def('spoilers', 'Default spoilers: none, film, series-4, film+series-4… (within /config spoilers)'),
      quizRole: def('quiz-role', 'Who may start and stop quizzes'),
      roleSet: def('set', 'Only members with this role (or Manage Server) may start and stop quizzes'),
      roleSetRole: def('role', 'The quiz role'),
      roleClear: def('clear', 'Let anyone start quizzes again'),
      quizPing: def('quiz-ping', 'A role the quiz intro mentions, so members who opted in hear about quizzes'),
      pingSet: def('set', 'Mention this role in every quiz intro on this server'),
      pingSetRole: def('role', 'The role to mention'),
      pingClear: def('clear', 'Stop mentioning a role in quiz intros'),
      reset: def('reset-leaderboard', "Wipe this server's leaderboard (asks for confirmation)"),
      resetPeriod: def('period', 'all-time (every board of this server), month (this month only) or week (this week only)'),
      language: def('language', 'The language of public quiz messages on this server'),
      languageValue: def('value', 'English, 한국어, or the server default (Korean on a Korean server)'),
      reports: def('reports', "Players' latest reports of questions that look wrong, on this server"),
    },
    /** Choice names as Discord lists them. */
    choices: {
      difficulty: { mixed: 'mixed', easy: 'easy', medium: 'medium', hard: 'hard' },
      period: { allTime: 'all-time', month: 'month', week: 'week' },
      languageEn: 'English',
      languageKo: '한국어',
      languageDefault: 'server default',
    },
    /** How the settings card and the replies name the difficulty levels. */
    difficulty: { mixed: 'mixed', easy: 'easy', medium: 'medium', hard: 'hard' },
    /** How the replies name the languages. */
    languageName: { en: 'English', ko: 'Korean (한국어)' },

    // Who may use /config.
    serverOnly: '`/config` works in servers only.',
    needManageServer: (p: { permission: string }) => `You need the ${p.permission} permission to change these settings.`,
    unknownSetting: (p: { name: string }) => `Unknown setting \`${p.name}\`.`,

    // The settings card.
    card: {
      titleShow: 'Quiz settings for this server',
      titleChanged: 'Settings now',
      channels: 'Quiz channels',
      channelsAnywhere: 'Anywhere',
      cap: 'Spoiler cap',
      capValue: (p: { code: string; description: string }) => `${p.code}: ${p.description}. Quizzes and look-ups never go beyond it.`,
      role: 'Quiz role',
      roleValue: (p: { roleId: string; permission: string }) => `${role(p.roleId)} (and members with ${p.permission})`,
      roleAnyone: 'Anyone may start quizzes',
      ping: 'Quiz ping',
      pingNone: 'No role is mentioned',
      defaults: 'Quiz defaults',
      defaultsValue: (p: { rounds: number; seconds: number; difficulty: string; spoilers: string }) =>
        `${p.rounds} question${p.rounds === 1 ? '' : 's'} · ${p.seconds} s each · ${p.difficulty} · spoilers ${p.spoilers}`,
      defaultsCapped: (p: { defaults: string; used: string }) => `${p.defaults} (quizzes use ${p.used}, within the server's cap)`,
      language: 'Language of quiz messages',
      languageDefault: (p: { language: string; korean: boolean }) =>
        p.korean
          ? `Server default, now ${p.language}: the server's preferred language is Korean`
          : `Server default, now ${p.language}: the server's preferred language is not Korean`,
    },

    // /config quiz-channels
    channelAddedOnly: (p: { channelId: string }) => `Quizzes may now run in ${mention(p.channelId)} (and only there).`,
    channelAdded: (p: { channelId: string }) => `Quizzes may now run in ${mention(p.channelId)}.`,
    channelRemoved: (p: { channelId: string }) => `Removed ${mention(p.channelId)} from the quiz channels.`,
    channelRemovedLast: (p: { channelId: string }) =>
      `Removed ${mention(p.channelId)} from the quiz channels. With none left, quizzes may run in any channel.`,
    channelsCleared: 'Quizzes may run in any channel again.',
    channelNotListed: (p: { channelId: string }) => `${mention(p.channelId)} is not on the quiz channel list.`,
    channelWrongType: (p: { channelId: string }) => `${mention(p.channelId)} is not a text or announcement channel; quizzes need one.`,
    channelAlreadyListed: (p: { channelId: string }) => `${mention(p.channelId)} is already a quiz channel.`,
    channelsTooMany: (p: { max: number }) => `A server can have at most ${p.max} quiz channels.`,
    channelBotMissing: (p: { channelId: string; permissions: string; count: number }) =>
      `I'm missing the ${p.permissions} permission${p.count > 1 ? 's' : ''} in ${mention(p.channelId)}, so I couldn't run quizzes there. Fix that first.`,

    // /config spoilers
    capChanged: (p: { code: string; description: string }) =>
      `Spoilers are now capped at ${p.code} (${p.description}) for quizzes and look-ups on this server.`,
    capMissing: (p: { option: string }) => `Give \`${p.option}\`.`,

    // /config quiz-defaults
    defaultsChanged: 'Quiz defaults updated.',
    outOfRange: (p: { option: string; min: number; max: number }) => `\`${p.option}\` must be a whole number from ${p.min} to ${p.max}.`,
    badDifficulty: (p: { option: string; allowed: readonly string[] }) => `\`${p.option}\` must be one of: ${p.allowed.join(', ')}.`,
    defaultsEmpty: (p: { options: readonly string[]; show: string }) =>
      `Give at least one of ${orList(p.options)}. \`${p.show}\` lists the current defaults.`,
    defaultAboveCap: (p: { cap: string; capDescription: string; wanted: string; wantedDescription: string }) =>
      `The server's spoiler cap is ${p.cap} (${p.capDescription}); a default of ${p.wanted} (${p.wantedDescription}) would go beyond it.`,

    // /config quiz-role
    roleChanged: (p: { roleId: string; permission: string }) =>
      `Only members with ${role(p.roleId)} (or ${p.permission}) may now start and stop quizzes.`,
    roleCleared: 'Anyone may start quizzes again.',
    roleEveryone: (p: { command: string }) => `@everyone is already everyone: use \`${p.command}\` instead.`,

    // /config quiz-ping
    pingChanged: (p: { roleId: string }) => `Quiz intros now mention ${role(p.roleId)}, and nobody else.`,
    pingNotMentionable: (p: { roleId: string }) =>
      `Quiz intros now mention ${role(p.roleId)}, but that role is not mentionable: its members are notified only if you turn on "Allow anyone to @mention this role" in the role's settings (or give me Mention All Roles).`,
    pingCleared: 'Quiz intros no longer mention a role.',
    pingEveryone: "Quiz intros never ping @everyone or @here: pick a role members can opt in to.",

    // /config language
    languageChanged: (p: { language: Lang }) =>
      `${p.language === 'ko' ? 'Public quiz messages on this server are now in Korean (한국어).' : 'Public quiz messages on this server are now in English.'} ${PRIVATE_NOTE_EN}`,
    languageDefaulted: (p: { resolved: Lang }) =>
      `${p.resolved === 'ko' ? "Public quiz messages now follow the server's preferred language: Korean (한국어) for now." : "Public quiz messages now follow the server's preferred language: English for now."} ${PRIVATE_NOTE_EN}`,
    badLanguage: (p: { option: string }) => `\`${p.option}\` must be English, 한국어 or server default.`,

    // /config reset-leaderboard
    badPeriod: (p: { option: string }) => `\`${p.option}\` must be all-time, month or week.`,
    reset: {
      askAllTime: (p: { confirm: string; cancel: string; expires: string }) =>
        `Reset this server's leaderboard? This wipes every score on it, every month and week included. Scores on other servers and the global board are not touched.\n` +
        `Press **${p.confirm}** to go ahead or **${p.cancel}** to keep the scores. The buttons expire ${p.expires}.`,
      askMonth: (p: { confirm: string; cancel: string; expires: string }) =>
        `Reset this month's leaderboard of this server? This wipes this month's scores on it; the all-time board keeps them. Scores on other servers and the global board are not touched.\n` +
        `Press **${p.confirm}** to go ahead or **${p.cancel}** to keep the scores. The buttons expire ${p.expires}.`,
      askWeek: (p: { confirm: string; cancel: string; expires: string }) =>
        `Reset this week's leaderboard of this server? This wipes the scores on it since Monday 00:00 UTC; the all-time and monthly boards keep them. Scores on other servers and the global board are not touched.\n` +
        `Press **${p.confirm}** to go ahead or **${p.cancel}** to keep the scores. The buttons expire ${p.expires}.`,
      confirmAllTime: 'Reset leaderboard',
      confirmMonth: "Reset this month's scores",
      confirmWeek: "Reset this week's scores",
      cancel: 'Cancel',
      doneAllTime: "Done: this server's leaderboard has been reset (all-time, every month and every week).",
      doneMonth: "Done: this month's leaderboard of this server has been reset; the all-time board is unchanged.",
      doneWeek: "Done: this week's leaderboard of this server has been reset; the all-time and monthly boards are unchanged.",
      cancelled: 'Cancelled: the leaderboard was not reset.',
      expired: (p: { command: string }) => `This confirmation has expired, so nothing was reset. Run \`${p.command}\` again if you still want to.`,
      notValid: 'That confirmation button is not valid here.',
      otherModerator: 'Only the moderator who asked for the reset can confirm or cancel it.',
    },
  },
  {
    definition: {
      config: def('설정', '퀴즈 서버 설정 (서버 관리 권한 필요)'),
      show: def('보기', '이 서버의 설정을 모두 보기'),
      quizChannels: def('퀴즈채널', '퀴즈를 시작할 수 있는 채널 (비어 있으면 모든 채널)'),
      channelsAdd: def('추가', '퀴즈를 할 수 있는 채널 추가'),
      channelsAddChannel: def('채널', '텍스트 채널이나 공지 채널'),
      channelsRemove: def('제거', '퀴즈 채널 목록에서 빼기'),
      channelsRemoveChannel: def('채널', '목록에 있는 채널'),
      channelsClear: def('비우기', '다시 모든 채널에서 퀴즈 허용'),
      spoilers: def('스포일러', '이 서버의 퀴즈와 검색이 보여 줄 스포일러 상한'),
      spoilersMax: def('최대', '이 서버에서 볼 수 있는 최대 범위: none, film, series-4, film+series-8, all…'),
      quizDefaults: def('퀴즈기본값', '이 서버의 /퀴즈 시작 기본값 (바꿀 것만 입력)'),
      rounds: { name: '문제수', description: (p) => `퀴즈 한 번의 문제 수 (${p.min}~${p.max})` },
      seconds: { name: '제한시간', description: (p) => `문제당 제한 시간(초) (${p.min}~${p.max})` },
      difficulty: def('난이도', '혼합, 쉬움, 보통 또는 어려움'),
      defaultSpoilers: def('스포일러', '기본 스포일러 범위: none, film, series-4, film+series-4… (상한 이내)'),
      quizRole: def('퀴즈역할', '퀴즈를 시작·중지할 수 있는 역할'),
      roleSet: def('지정', '이 역할이 있는 멤버와 서버 관리 권한이 있는 멤버만 퀴즈를 시작·중지'),
      roleSetRole: def('역할', '퀴즈 역할'),
      roleClear: def('해제', '다시 누구나 퀴즈를 시작할 수 있게 하기'),
      quizPing: def('퀴즈알림', '퀴즈 안내 메시지에서 멘션할 역할 (원하는 멤버만 알림을 받아요)'),
      pingSet: def('지정', '이 서버의 모든 퀴즈 안내에서 이 역할을 멘션해요'),
      pingSetRole: def('역할', '멘션할 역할'),
      pingClear: def('해제', '퀴즈 안내에서 역할을 멘션하지 않아요'),
      reset: def('순위초기화', '이 서버의 순위표 초기화 (확인 후 진행)'),
      resetPeriod: def('기간', '전체 기간(이 서버의 모든 순위표), 이번 달 또는 이번 주'),
      language: def('언어', '이 서버의 공개 퀴즈 메시지 언어'),
      languageValue: def('언어', 'English, 한국어 또는 서버 기본값 (한국어 서버는 한국어)'),
      reports: def('신고목록', '이 서버 플레이어들이 최근에 신고한 문제'),
    },
    choices: {
      difficulty: { mixed: '혼합', easy: '쉬움', medium: '보통', hard: '어려움' },
      period: { allTime: '전체 기간', month: '이번 달', week: '이번 주' },
      languageEn: 'English (영어)',
      languageKo: '한국어',
      languageDefault: '서버 기본값',
    },
    difficulty: { mixed: '혼합', easy: '쉬움', medium: '보통', hard: '어려움' },
    languageName: { en: '영어', ko: '한국어' },

    serverOnly: `${code('/설정', '은/는')} 서버에서만 쓸 수 있어요.`,
    needManageServer: (p) => `이 설정을 바꾸려면 ${p.permission} 권한이 필요해요.`,
    unknownSetting: (p) => `알 수 없는 설정이에요: \`${p.name}\``,

    card: {
      titleShow: '이 서버의 퀴즈 설정',
      titleChanged: '바뀐 설정',
      channels: '퀴즈 채널',
      channelsAnywhere: '모든 채널',
      cap: '스포일러 상한',
      capValue: (p) => `${p.description} (${p.code}). 퀴즈와 검색 모두 이 범위를 넘지 않아요.`,
      role: '퀴즈 역할',
      roleValue: (p) => `${role(p.roleId)} (${p.permission} 권한이 있는 멤버도 가능)`,
      roleAnyone: '누구나 퀴즈를 시작할 수 있어요',
      ping: '퀴즈 알림',
      pingNone: '멘션하는 역할이 없어요',
      defaults: '퀴즈 기본값',
      defaultsValue: (p) => `${p.rounds}문제 · 문제당 ${p.seconds}초 · 난이도 ${p.difficulty} · 스포일러 ${p.spoilers}`,
      defaultsCapped: (p) => `${p.defaults} (서버 상한에 맞춰 실제 퀴즈는 ${p.used}까지만 다뤄요)`,
      language: '퀴즈 메시지 언어',
      languageDefault: (p) =>
        p.korean ? `서버 기본값: 지금은 ${p.language} (서버 기본 언어가 한국어예요)` : `서버 기본값: 지금은 ${p.language} (서버 기본 언어가 한국어가 아니에요)`,
    },

    channelAddedOnly: (p) => `이제 ${mention(p.channelId)} 채널에서만 퀴즈를 할 수 있어요.`,
    channelAdded: (p) => `이제 ${mention(p.channelId)} 채널에서도 퀴즈를 할 수 있어요.`,
    channelRemoved: (p) => `퀴즈 채널 목록에서 ${mention(p.channelId)} 채널을 뺐어요.`,
    channelRemovedLast: (p) => `퀴즈 채널 목록에서 ${mention(p.channelId)} 채널을 뺐어요. 남은 채널이 없어서 이제 어느 채널에서나 퀴즈를 할 수 있어요.`,
    channelsCleared: '이제 다시 어느 채널에서나 퀴즈를 할 수 있어요.',
    channelNotListed: (p) => `${mention(p.channelId)} 채널은 퀴즈 채널 목록에 없어요.`,
    channelWrongType: (p) => `${mention(p.channelId)} 채널은 텍스트 채널이나 공지 채널이 아니라서 퀴즈를 할 수 없어요.`,
    channelAlreadyListed: (p) => `${mention(p.channelId)} 채널은 이미 퀴즈 채널이에요.`,
    channelsTooMany: (p) => `퀴즈 채널은 서버당 최대 ${p.max}개까지 지정할 수 있어요.`,
    channelBotMissing: (p) => `${mention(p.channelId)} 채널에서 봇에게 ${p.permissions} 권한이 없어서 퀴즈를 진행할 수 없어요. 권한부터 설정해 주세요.`,

    capChanged: (p) => `이 서버의 스포일러 상한을 바꿨어요: ${p.description} (${p.code}). 퀴즈와 검색 모두 이 범위를 넘지 않아요.`,
    capMissing: (p) => `${code(p.option, '을/를')} 입력해 주세요.`,

    defaultsChanged: '퀴즈 기본값을 바꿨어요.',
    outOfRange: (p) => `${code(p.option, '은/는')} ${p.min}~${p.max} 사이의 정수로 입력해 주세요.`,
    badDifficulty: (p) => `${code(p.option, '은/는')} ${p.allowed.join(', ')} 중에서 골라 주세요.`,
    defaultsEmpty: (p) => `${p.options.map((o) => `\`${o}\``).join(', ')} 중 하나 이상을 입력해 주세요. 지금 기본값은 \`${p.show}\`에서 볼 수 있어요.`,
    defaultAboveCap: (p) =>
      `서버의 스포일러 상한을 넘는 기본값은 정할 수 없어요. 상한: ${p.capDescription} (${p.cap}) · 요청한 기본값: ${p.wantedDescription} (${p.wanted})`,

    roleChanged: (p) => `이제 ${role(p.roleId)} 역할이 있는 멤버(또는 ${p.permission} 권한이 있는 멤버)만 퀴즈를 시작하고 중지할 수 있어요.`,
    roleCleared: '이제 다시 누구나 퀴즈를 시작할 수 있어요.',
    roleEveryone: (p) => `@everyone 역할은 이미 모든 멤버예요. 대신 ${code(p.command, '을/를')} 사용하세요.`,

    pingChanged: (p) => `이제 퀴즈 안내 메시지에서 ${role(p.roleId)} 역할만 멘션해요.`,
    pingNotMentionable: (p) =>
      `이제 퀴즈 안내 메시지에서 ${role(p.roleId)} 역할을 멘션해요. 다만 이 역할은 멘션할 수 없게 설정돼 있어서, 역할 설정에서 '누구나 이 역할을 @멘션할 수 있도록 허용'을 켜야(또는 봇에게 모든 역할 멘션 권한을 줘야) 멤버들이 알림을 받아요.`,
    pingCleared: '이제 퀴즈 안내 메시지에서 역할을 멘션하지 않아요.',
    pingEveryone: '퀴즈 안내는 @everyone이나 @here를 멘션하지 않아요. 멤버가 직접 받을 수 있는 역할을 골라 주세요.',

    languageChanged: (p) => `이제 이 서버의 공개 퀴즈 메시지는 ${p.language === 'ko' ? '한국어로' : '영어로'} 나가요. ${PRIVATE_NOTE_KO}`,
    languageDefaulted: (p) => `이제 공개 퀴즈 메시지는 서버 기본 언어를 따라요. 지금은 ${p.resolved === 'ko' ? '한국어로' : '영어로'} 나가요. ${PRIVATE_NOTE_KO}`,
    badLanguage: (p) => `${code(p.option, '은/는')} English, 한국어, 서버 기본값 중에서 골라 주세요.`,

    badPeriod: (p) => `${code(p.option, '은/는')} 전체 기간, 이번 달, 이번 주 중에서 골라 주세요.`,
    reset: {
      askAllTime: (p) =>
        `이 서버의 순위표를 초기화할까요? 지난달과 지난주 기록까지 이 서버의 모든 점수가 지워져요. 다른 서버의 점수와 글로벌 순위표는 그대로예요.\n` +
        `계속하려면 ${bold(p.confirm, '을/를')}, 점수를 지키려면 ${bold(p.cancel, '을/를')} 눌러 주세요. 버튼은 ${p.expires}에 만료돼요.`,
      askMonth: (p) =>
        `이 서버의 이번 달 순위표를 초기화할까요? 이번 달 점수만 지워지고 전체 기간 순위표에는 그대로 남아요. 다른 서버의 점수와 글로벌 순위표도 그대로예요.\n` +
        `계속하려면 ${bold(p.confirm, '을/를')}, 점수를 지키려면 ${bold(p.cancel, '을/를')} 눌러 주세요. 버튼은 ${p.expires}에 만료돼요.`,
      askWeek: (p) =>
        `이 서버의 이번 주 순위표를 초기화할까요? 이번 주(세계 표준시 기준 월요일 0시부터) 점수만 지워지고 전체 기간과 이번 달 순위표에는 그대로 남아요. 다른 서버의 점수와 글로벌 순위표도 그대로예요.\n` +
        `계속하려면 ${bold(p.confirm, '을/를')}, 점수를 지키려면 ${bold(p.cancel, '을/를')} 눌러 주세요. 버튼은 ${p.expires}에 만료돼요.`,
      confirmAllTime: '순위표 초기화',
      confirmMonth: '이번 달 점수 초기화',
      confirmWeek: '이번 주 점수 초기화',
      cancel: '취소',
      doneAllTime: '이 서버의 순위표를 초기화했어요 (전체 기간, 월간·주간 순위표 모두).',
      doneMonth: '이 서버의 이번 달 순위표를 초기화했어요. 전체 기간 순위표는 그대로예요.',
      doneWeek: '이 서버의 이번 주 순위표를 초기화했어요. 전체 기간과 이번 달 순위표는 그대로예요.',
      cancelled: '취소했어요. 순위표는 그대로예요.',
      expired: (p) => `확인 시간이 지나서 아무것도 초기화하지 않았어요. 그래도 초기화하려면 ${code(p.command, '을/를')} 다시 실행하세요.`,
      notValid: '여기서는 쓸 수 없는 확인 버튼이에요.',
      otherModerator: '초기화를 요청한 운영자만 확인하거나 취소할 수 있어요.',
    },
  },
);
