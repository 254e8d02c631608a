/**
 * `/help [command]` and `/about`: what each command is for and examples of it, in both languages.
 *
 * An example is written as the command is registered (`quiz start rounds:10`), with values a fan
 * of that language would type (`cast name:흥수`); the view shows it with the names the reader's
 * Discord client shows (`/퀴즈 시작 문제수:10`), taken from the commands' own localisations, so
 * help never drifts from the real commands. Command and option descriptions come from there too.
 */
import { catalog } from '../catalog.js';

/** Every command /help can explain, in the order it lists them. */
export const HELP_TOPICS = ['film', 'series', 'novel', 'cast', 'character', 'fact', 'quiz', 'watchparty', 'config', 'about', 'help'] as const;
export type HelpTopic = (typeof HELP_TOPICS)[number];

export interface HelpExample {
  /** The command as registered, then `option:value` pairs: "cast name:흥수". */
  readonly run: string;
  /** What it shows, in a few words. */
  readonly note: string;
}

interface Topic {
  readonly details: string;
  readonly examples: readonly HelpExample[];
}

const ex = (run: string, note: string): HelpExample => ({ run, note });

export interface ScoringNumbers {
  readonly easy: number;
  readonly medium: number;
  readonly hard: number;
  /** Percentages. */
  readonly speed: number;
  readonly step: number;
  readonly cap: number;
}

export const help = catalog(
  {
    /** Each command by the name Discord shows (the /help choices); a test holds them to the commands' own names. */
    names: {
      film: 'film',
      series: 'series',
      novel: 'novel',
      cast: 'cast',
      character: 'character',
      fact: 'fact',
      quiz: 'quiz',
      watchparty: 'watchparty',
      config: 'config',
      about: 'about',
      help: 'help',
    } satisfies Record<HelpTopic, string>,
    definition: {
      description: 'How each command works, with examples',
      option: 'command',
      optionDescription: 'A command to explain in detail (default: all of them)',
    },
    overview: {
      title: 'bigcity-bot: commands',
      intro: 'Facts and a quiz about Love in the Big City: the novel, the film and the series. Everything answers in your Discord language.',
      line: (p: { usage: string; summary: string; example: string }) => `${p.usage}: ${p.summary}\n  e.g. ${p.example}`,
      footer: 'Pick a command in /help for details and more examples.',
    },
    topic: {
      title: (p: { command: string }) => `Help: ${p.command}`,
      usage: 'How to use it',
      examples: 'Examples',
      example: (p: { run: string; note: string }) => `${p.run}: ${p.note}`,
      scoring: 'Scoring',
      optional: (p: { name: string }) => `[${p.name}]`,
      required: (p: { name: string }) => `<${p.name}>`,
      footer: 'Optional options are in [brackets], required ones in <angle brackets>.',
    },
    scoring: (p: ScoringNumbers) =>
      `Easy ${p.easy}, medium ${p.medium}, hard ${p.hard} points for a correct answer; up to +${p.speed}% for speed, shrinking as time runs out; +${p.step}% for each correct answer in a row before it (up to +${p.cap}%). A wrong or missing answer scores 0 and resets the streak. Points are never negative.`,
    topics: {
      film: {
        details:
          "Lee Eon-hee's 2024 film at a glance: director, screenplay, leads, the Toronto world premiere, the Korean release, runtime, rating, box office and awards. The sources are named at the bottom.",
        examples: [ex('film', 'the film at a glance')],
      },
      series: {
        details:
          'The 2024 TVING series: premiere, writer, rating, leads and its four acts with their directors. Give an act (1–4) for its episodes, title, director and focus.',
        examples: [ex('series', 'the series and its four acts'), ex('series act:3', 'act 3: episodes 5–6, its title and director')],
      },
      novel: {
        details:
          "Park Sang-young's 2019 book of four linked stories: its publisher, the stories, the English translation, awards and longlists, and which stories the film and the series adapt.",
        examples: [ex('novel', 'the stories, the translation and the awards')],
      },
      cast: {
        details:
          "With no options, the film's and the series' cast. Narrow it to one production, or give an actor or a character (in English or Hangul; pick from the suggestions as you type) to see who plays whom. Characters beyond the server's spoiler setting are not named.",
        examples: [
          ex('cast', 'both cast lists'),
          ex('cast production:film', "the film's cast"),
          ex('cast name:Kim Go-eun', 'her role'),
          ex('cast name:흥수', 'who plays Heung-soo'),
        ],
      },
      character: {
        details:
          "A character's profile: who they are, who plays them, and their story behind spoiler tags. Plot details beyond the server's spoiler setting are left out.",
        examples: [ex('character name:Gyu-ho', "Gyu-ho's profile"), ex('character name:재희', 'Hangul works too')],
      },
      fact: {
        details:
          'Searches everything: people, characters, dates, awards and trivia. Ask in words, in English or Korean; Hangul initials (ㄱㄱㅇ) and Korean typed on an English keyboard work too. The best match comes first, then others that also match.',
        examples: [
          ex('fact query:tiff', 'the Toronto world premiere'),
          ex('fact query:act 3 director', 'who directed act 3'),
          ex('fact query:when did the film come out', 'the release date'),
        ],
      },
      quiz: {
        details:
          'A watch-party quiz in this channel: everyone answers with the buttons, and the fastest correct answers score most. Set how far your group has watched with spoilers. Practice questions are just for you and never count.',
        examples: [
          ex('quiz start rounds:10 spoilers:film', '10 questions, film spoilers allowed'),
          ex('quiz practice', 'one question just for you'),
          ex('quiz leaderboard period:week', "this week's top 10 (weeks start on Monday, UTC)"),
          ex('quiz stats', 'your record'),
          ex('quiz start pace:manual', 'the host presses Next question after each answer'),
          ex('quiz start recap:True', 'the episodes (or act) watched last first, then earlier ones'),
          ex('quiz pause', 'hold the quiz (quiz resume carries on; quiz skip reveals now)'),
          ex('quiz stop', "stop this channel's quiz"),
        ],
      },
      watchparty: {
        details:
          "Where this channel's group is on the film, the series and the novel. Once recorded, quizzes started here without spoilers, practice questions and look-ups here stay within it (always within the server's spoiler cap). The quiz role or Manage Server records and clears it; anyone can ask where the channel is. A host may still give a quiz spoilers beyond it, up to the server's cap.",
        examples: [
          ex('watchparty progress watched:series-4', 'the group has watched episodes 1–4, not the film'),
          ex('watchparty progress watched:film+series-2', 'the film and episodes 1–2'),
          ex('watchparty show', 'where this channel is'),
          ex('watchparty clear', "back to the server's settings"),
        ],
      },
      config: {
        details:
          "Server settings, for members with Manage Server: where quizzes may run, the spoiler cap for quizzes and look-ups, quiz defaults, a quiz role, the language of public quiz messages, and resetting the leaderboard; and the players' reports of questions that look wrong.",
        examples: [
          ex('config show', 'every setting'),
          ex('config spoilers max:film+series-4', 'the film and episodes 1–4 at most'),
          ex('config quiz-channels add channel:#quiz', 'quizzes only in #quiz'),
          ex('config language value:ko', 'public quiz messages in Korean'),
          ex('config reports', "players' latest reports of questions that look wrong"),
        ],
      },
      about: {
        details: 'What this bot is, in a few lines, shown only to you.',
        examples: [ex('about', 'about the bot')],
      },
      help: {
        details: 'This guide. Pick a command for its details and examples.',
        examples: [ex('help', 'every command'), ex('help command:quiz', 'the quiz in detail')],
      },
    } satisfies Record<HelpTopic, Topic>,
    about: {
      title: 'bigcity-bot: Love in the Big City (대도시의 사랑법)',
      description:
        "Facts and a watch-party quiz about Park Sang-young's 2019 novel, Lee Eon-hee's 2024 film and the 2024 TVING series. Answers come from a curated dataset checked against the press, with the sources named; spoilers stay within what your server allows.",
      commands: 'Commands',
      more: (p: { help: string }) => `Type ${p.help} for what each command does, with examples.`,
      footer: 'Replies never ping anyone.',
    },
  },
  {
    names: { film: '영화', series: '시리즈', novel: '소설', cast: '출연진', character: '인물', fact: '사실', quiz: '퀴즈', watchparty: '워치파티', config: '설정', about: '소개', help: '도움말' },
    definition: {
      description: '명령어별 사용법과 예시',
      option: '명령어',
      optionDescription: '자세히 볼 명령어 (기본: 전체)',
    },
    overview: {
      title: '대도시의 사랑법 봇: 명령어 안내',
      intro: '소설, 영화, 시리즈 〈대도시의 사랑법〉의 정보와 퀴즈를 제공해요. 모든 답변은 내 디스코드 언어로 나와요.',
      line: (p) => `${p.usage}: ${p.summary}\n  예: ${p.example}`,
      footer: '/도움말에서 명령어를 고르면 자세한 설명과 예시를 더 볼 수 있어요.',
    },
    topic: {
      title: (p) => `도움말: ${p.command}`,
      usage: '사용법',
      examples: '예시',
      example: (p) => `${p.run}: ${p.note}`,
      scoring: '점수 계산',
      optional: (p) => `[${p.name}]`,
      required: (p) => `<${p.name}>`,
      footer: '[대괄호]는 선택 옵션, <꺾쇠>는 필수 옵션이에요.',
    },
    scoring: (p) =>
      `정답을 맞히면 쉬움 ${p.easy}점, 보통 ${p.medium}점, 어려움 ${p.hard}점을 받아요. 빨리 맞힐수록 최대 +${p.speed}%를 더 받고(시간이 지날수록 줄어요), 직전까지 연속으로 맞힌 문제 하나마다 +${p.step}%(최대 +${p.cap}%)가 붙어요. 틀리거나 답하지 않으면 0점이고 연속 기록이 끊겨요. 점수가 깎이는 일은 없어요.`,
    topics: {
      film: {
        details: '이언희 감독의 2024년 영화 〈대도시의 사랑법〉의 감독, 각본, 주연, 토론토 월드 프리미어, 국내 개봉일, 러닝타임, 관람 등급, 흥행 성적, 수상 내역을 한눈에 보여 줘요. 출처는 맨 아래에 적어요.',
        examples: [ex('film', '영화 한눈에 보기')],
      },
      series: {
        details: '2024년 티빙 시리즈 〈대도시의 사랑법〉의 공개일, 극본, 관람 등급, 주연, 네 막과 막별 연출을 보여 줘요. 막(1~4)을 고르면 그 막의 회차, 제목, 연출, 중심 인물을 볼 수 있어요.',
        examples: [ex('series', '시리즈와 네 막 한눈에 보기'), ex('series act:3', '3막(5~6회)의 제목과 연출')],
      },
      novel: {
        details: '박상영의 2019년 연작소설 『대도시의 사랑법』의 출판사, 수록작 네 편, 영어 번역, 수상 및 후보 내역, 그리고 영화와 시리즈가 어떤 이야기를 옮겼는지 보여 줘요.',
        examples: [ex('novel', '수록작, 영어 번역, 수상 내역')],
      },
      cast: {
        details:
          '옵션 없이 쓰면 영화와 시리즈 출연진을 모두 보여 줘요. 작품을 하나만 고르거나, 배우나 인물 이름을 넣으면(한글이나 영어로, 입력하면서 추천 목록에서 골라도 돼요) 누가 누구를 연기했는지 알려 줘요. 이 서버의 스포일러 설정을 넘어서는 인물은 이름을 밝히지 않아요.',
        examples: [
          ex('cast', '영화와 시리즈 출연진'),
          ex('cast production:film', '영화 출연진만'),
          ex('cast name:김고은', '김고은의 배역'),
          ex('cast name:흥수', '흥수를 연기한 배우'),
        ],
      },
      character: {
        details: '인물이 누구인지, 누가 연기했는지, 그리고 스포일러로 가린 줄거리를 보여 줘요. 이 서버의 스포일러 설정을 넘어서는 줄거리는 빼고 보여 줘요.',
        examples: [ex('character name:규호', '규호 소개'), ex('character name:Jae-hee', '영어 이름으로 찾아도 돼요')],
      },
      fact: {
        details:
          '인물, 배우, 날짜, 수상, 뒷이야기까지 모두 찾아요. 한글이나 영어로 편하게 물어보세요. 초성(ㄱㄱㅇ)이나 한영 전환을 깜빡하고 친 글자(rlarhdms)도 알아들어요. 가장 잘 맞는 답을 먼저 보여 주고, 함께 찾은 항목도 알려 줘요.',
        examples: [
          ex('fact query:3막 감독', '3막을 연출한 감독'),
          ex('fact query:개봉일', '영화 개봉일'),
          ex('fact query:흥수 엄마', '흥수 엄마 역과 배우'),
          ex('fact query:ㄱㄱㅇ', '초성으로 찾기 (김고은)'),
        ],
      },
      quiz: {
        details:
          '채널에서 다 같이 푸는 퀴즈예요. 모두 버튼으로 답하고, 빨리 맞힐수록 점수가 높아요. 스포일러 옵션으로 우리가 어디까지 봤는지 정할 수 있어요. 연습 문제는 나에게만 보이고 점수에 들어가지 않아요.',
        examples: [
          ex('quiz start rounds:10 spoilers:film', '10문제, 영화 스포일러까지'),
          ex('quiz practice', '나만 보는 연습 문제'),
          ex('quiz leaderboard period:week', '이번 주 상위 10명 (월요일 시작, UTC 기준)'),
          ex('quiz stats', '내 기록'),
          ex('quiz start pace:manual', '정답 공개 뒤 진행자가 다음 문제 버튼을 눌러 진행'),
          ex('quiz start recap:True', '가장 최근에 본 회차(막)부터 묻는 복습 퀴즈'),
          ex('quiz pause', '퀴즈 잠시 멈춤 (quiz resume으로 이어 가기, quiz skip으로 바로 정답 공개)'),
          ex('quiz stop', '이 채널의 퀴즈 중지'),
        ],
      },
      watchparty: {
        details:
          '이 채널 모임이 영화, 드라마, 소설을 어디까지 봤는지 기록해요. 기록해 두면 이 채널에서 스포일러 없이 시작한 퀴즈와 연습 문제, 정보 검색이 그 진도 안에서만 보여 줘요(서버의 스포일러 상한은 늘 지켜요). 기록과 초기화는 퀴즈 역할이나 서버 관리 권한이 있는 멤버가, 확인은 누구나 할 수 있어요. 진행자가 퀴즈를 시작할 때 스포일러를 직접 정하면 서버 상한 안에서 진도보다 더 넓게 고를 수도 있어요.',
        examples: [
          ex('watchparty progress watched:series-4', '드라마 1~4회까지 봤고 영화는 아직'),
          ex('watchparty progress watched:film+series-2', '영화와 드라마 1~2회'),
          ex('watchparty show', '이 채널의 진도 보기'),
          ex('watchparty clear', '서버 설정으로 돌아가기'),
        ],
      },
      config: {
        details:
          '서버 관리 권한이 있는 멤버가 쓰는 서버 설정이에요. 퀴즈를 열 수 있는 채널, 퀴즈와 정보 검색에 적용할 스포일러 상한, 퀴즈 기본값, 퀴즈 역할, 공개 퀴즈 메시지의 언어를 정하고 순위표를 초기화할 수 있어요. 플레이어들이 신고한 문제도 여기서 볼 수 있어요.',
        examples: [
          ex('config show', '모든 설정 보기'),
          ex('config spoilers max:film+series-4', '영화와 시리즈 1~4회까지만'),
          ex('config quiz-channels add channel:#quiz', '#quiz 채널에서만 퀴즈'),
          ex('config language value:ko', '공개 퀴즈 메시지를 한국어로'),
          ex('config reports', '플레이어들이 최근에 신고한 문제'),
        ],
      },
      about: {
        details: '봇을 몇 줄로 소개해요. 나에게만 보여요.',
        examples: [ex('about', '봇 소개')],
      },
      help: {
        details: '지금 보고 있는 안내예요. 명령어를 고르면 자세한 설명과 예시를 볼 수 있어요.',
        examples: [ex('help', '전체 명령어'), ex('help command:quiz', '퀴즈 자세히 보기')],
      },
    },
    about: {
      title: '대도시의 사랑법 봇',
      description:
        '박상영의 2019년 소설, 이언희 감독의 2024년 영화, 2024년 티빙 시리즈 〈대도시의 사랑법〉의 정보를 찾아보고 채널에서 함께 퀴즈를 풀 수 있어요. 언론 보도와 대조해 정리한 자료로 답하고 출처도 밝혀요. 스포일러는 서버에서 허용한 만큼만 보여 줘요.',
      commands: '명령어',
      more: (p) => `명령어별 설명과 예시는 ${p.help}에서 볼 수 있어요.`,
      footer: '답변으로 누구도 멘션하지 않아요.',
    },
  },
);
