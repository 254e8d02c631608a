/**
 * Question reports: the Report button, the report form (its reasons and note), the private
 * answers to a report, and `/config reports`, the moderators' list of a server's reports.
 *
 * The form's labels and choices stay within Discord's bounds (title and labels 45 characters,
 * descriptions 100, placeholders 100).
 */
import type { ReportReason } from '../../store/types.js';
import { catalog } from '../catalog.js';
import { particleFor } from '../josa.js';

interface Reason {
  /** As the form offers it: what the player thinks is wrong. */
  readonly label: string;
  /** As the moderators' list and the thanks name it. */
  readonly name: string;
}

const reason = (label: string, name: string): Reason => ({ label, name });

export const reportMessages = catalog(
  {
    button: 'Report',
    form: {
      title: 'Report this question',
      reasonLabel: "What's wrong with it?",
      reasonDescription: 'Pick the closest reason.',
      reasonPlaceholder: 'Choose a reason',
      noteLabel: 'Anything to add? (optional)',
      noteDescription: (p: { max: number }) => `What is right, or where you read it. Up to ${p.max} characters.`,
      notePlaceholder: 'e.g. the film opened on 1 October 2024',
    },
    reasons: {
      'wrong-answer': reason('The answer marked right is wrong', 'wrong answer'),
      'several-answers': reason('More than one answer is right', 'more than one right answer'),
      spoiler: reason('It gives away a spoiler', 'spoiler'),
      unclear: reason('The question is unclear', 'unclear question'),
      other: reason('Something else', 'something else'),
    } satisfies Record<ReportReason, Reason>,

    // Private answers to the button and the form.
    thanks: (p: { reason: string }) =>
      `Thanks: your report (**${p.reason}**) is in. The people who look after the questions will check it.`,
    alreadyReported: "You've already reported this question. One report per player is enough: it reaches the people who look after the questions.",
    unknown: "That Report button doesn't belong to a question I ask any more.",
    badReason: 'Pick one of the reasons the form offers, then send the report again.',
    noteTooLong: (p: { length: number; max: number }) => `Your note is ${p.length} characters long; keep it to ${p.max} and send the report again.`,

    // /config reports
    list: {
      title: 'Question reports on this server',
      empty: 'No question reports on this server yet. Players report a question with the **Report** button under its answer.',
      entry: (p: { number: number; reason: string }) => `${p.number}. ${p.reason}`,
      gone: '(a question no longer asked)',
      note: (p: { note: string }) => `Note: ${p.note}`,
      fromQuiz: (p: { user: string; channel: string; when: string; link: string | null }) =>
        `Reported by ${p.user} in ${p.channel} ${p.when}${p.link === null ? '' : ` · [the reveal](${p.link})`}`,
      fromPractice: (p: { user: string; channel: string; when: string }) => `Reported by ${p.user} from practice in ${p.channel} ${p.when}`,
      footer: (p: { shown: number; total: number }) =>
        p.total > p.shown ? `The ${p.shown} most recent of ${p.total} reports` : p.total === 1 ? '1 report' : `${p.total} reports`,
    },
  },
  {
    button: '신고',
    form: {
      title: '이 문제 신고하기',
      reasonLabel: '어떤 점이 문제인가요?',
      reasonDescription: '가장 가까운 이유를 골라 주세요.',
      reasonPlaceholder: '이유 고르기',
      noteLabel: '덧붙일 말 (선택)',
      noteDescription: (p) => `무엇이 맞는지, 어디에서 봤는지 적어 주세요. 최대 ${p.max}자까지 쓸 수 있어요.`,
      notePlaceholder: '예: 영화는 2024년 10월 1일에 개봉했어요',
    },
    reasons: {
      'wrong-answer': reason('정답으로 표시된 답이 틀렸어요', '정답 오류'),
      'several-answers': reason('정답이 둘 이상이에요', '복수 정답'),
      spoiler: reason('스포일러가 담겨 있어요', '스포일러'),
      unclear: reason('문제가 모호해요', '모호한 문제'),
      other: reason('다른 문제가 있어요', '기타'),
    },

    thanks: (p) => `신고해 주셔서 고마워요. **${p.reason}**${particleFor(p.reason, '으로/로')} 접수했어요. 문제를 관리하는 사람들이 확인할게요.`,
    alreadyReported: '이미 신고한 문제예요. 신고는 문제마다 한 번이면 충분해요. 관리하는 사람들에게 이미 전달됐어요.',
    unknown: '더 이상 출제되지 않는 문제의 신고 버튼이에요.',
    badReason: '양식에 있는 이유 중 하나를 골라서 다시 보내 주세요.',
    noteTooLong: (p) => `덧붙인 말이 ${p.length}자예요. ${p.max}자 이내로 줄여서 다시 보내 주세요.`,

    list: {
      title: '이 서버의 문제 신고',
      empty: '아직 이 서버에 들어온 문제 신고가 없어요. 플레이어는 정답 아래의 **신고** 버튼으로 문제를 신고할 수 있어요.',
      entry: (p) => `${p.number}. ${p.reason}`,
      gone: '(이제는 나오지 않는 문제)',
      note: (p) => `덧붙인 말: ${p.note}`,
      fromQuiz: (p) => `${p.user}님이 ${p.channel} 채널에서 ${p.when} 신고${p.link === null ? '' : ` · [정답 공개 메시지](${p.link})`}`,
      fromPractice: (p) => `${p.user}님이 ${p.channel} 채널의 연습 문제에서 ${p.when} 신고`,
      footer: (p) => (p.total > p.shown ? `전체 ${p.total}건 중 최근 ${p.shown}건` : `모두 ${p.total}건`),
    },
  },
);
