/**
 * Every question the bank can make, at every spoiler setting, against the rules of issue 8:
 * one right answer, no give-aways, no blanks, nothing beyond the group's setting, true/false at
 * most a third of a game, one fact per game, unseen facts first.
 */
import { describe, expect, it } from 'vitest';
import { dataset } from '../../src/data/dataset.js';
import { validateDataset } from '../../src/data/validate.js';
import {
  ALL_SPOILERS as ALL_SPOILERS_SETTING,
  allows,
  formatSpoilers,
  NOVEL_STORIES,
  revealsOf,
  SERIES_EPISODES,
  settingFor,
  type SpoilerSetting,
} from '../../src/data/spoilers.js';
import { buildBank, formProblems, missingKorean, normalise, type BankForm, type QuestionBank } from '../../src/quiz/bank.js';
import { bankQuestions, bankStats, isEligible, pickQuestions, TRUE_FALSE } from '../../src/quiz/generate.js';
import { seededRng } from '../../src/quiz/rng.js';
import type { Question } from '../../src/quiz/types.js';
import { brokenCopy, byId, asDataset } from '../data/helpers.js';

const bank: QuestionBank = buildBank(dataset);

/** Every combination of the three tracks: 2 × 9 × 5 = 90 settings. */
const SETTINGS: SpoilerSetting[] = [];
for (const film of [false, true]) {
  for (let series = 0; series <= SERIES_EPISODES; series++) {
    for (let novel = 0; novel <= NOVEL_STORIES; novel++) SETTINGS.push({ film, series, novel });
  }
}

const textsOf = (q: Question) => [q.prompt, ...q.options];

/** Names of characters a group at `setting` has not reached (taken from the dataset, not the bank). */
function hiddenNames(setting: SpoilerSetting): string[] {
  const known = new Set(dataset.characters.filter((c) => allows(setting, revealsOf(c.firstAppears))).map((c) => c.name));
  return dataset.characters.filter((c) => !allows(setting, revealsOf(c.firstAppears)) && !known.has(c.name)).map((c) => c.name);
}

const mentions = (text: string, name: string) => new RegExp(`(^|[^\\p{L}])${name.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}([^\\p{L}-]|$)`, 'u').test(text);

describe('the question bank over the real dataset', () => {
  it('builds, and holds at least 120 distinct quizzable facts with one difficulty each', () => {
    validateDataset(dataset);
    expect(bank.facts.length).toBeGreaterThanOrEqual(120);
    expect(new Set(bank.facts.map((f) => f.id)).size).toBe(bank.facts.length);
    for (const f of bank.facts) expect(['easy', 'medium', 'hard']).toContain(f.difficulty);
  });

  it('every curated fact either yields a question or gives the reason it cannot', () => {
    const asked = new Set(bank.facts.map((f) => f.id));
    const skipped = new Map(bank.skipped.map((s) => [s.id, s.reason]));
    for (const f of dataset.facts) {
      expect(asked.has(f.id) || (skipped.get(f.id) ?? '').trim().length > 0, f.id).toBe(true);
    }
  });

  it('every form passes the load-time rules', () => {
    for (const fact of bank.facts) for (const form of fact.forms) expect(formProblems(form), form.id).toEqual([]);
  });

  describe.each(SETTINGS.map((s) => [formatSpoilers(s), s] as const))('at spoilers %s', (_name, setting) => {
    const questions = bankQuestions(bank, setting);
    const hidden = hiddenNames(setting);

    it('every question has exactly one correct option, distinct options, and the right shape', () => {
      for (const { question: q, form, wrongPool } of questions) {
        expect(q.answer, q.id).toBeGreaterThanOrEqual(0);
        expect(q.answer).toBeLessThan(q.options.length);
        if (q.kind === 'true-false') {
          expect(q.options).toEqual([...TRUE_FALSE]);
        } else {
          expect(q.options, q.id).toHaveLength(4);
          expect(q.options[q.answer]).toBe(form.answer.text);
          // Neither the shown options nor any option a game could draw instead is another name of the answer.
          const answerNames = new Set([form.answer.text, ...form.aliases].map(normalise));
          for (const w of wrongPool) expect(answerNames.has(normalise(w.text)), `${q.id}: ${w.text}`).toBe(false);
          expect(new Set(q.options.map(normalise)).size, q.id).toBe(4);
        }
      }
    });

    it('nothing a question or any of its options names is beyond the setting', () => {
      for (const { question: q, fact, wrongPool } of questions) {
        expect(allows(setting, q.reveals ?? []), `${q.id} reveals ${String(q.reveals)}`).toBe(true);
        expect(allows(setting, fact.reveals), q.id).toBe(true);
        for (const w of wrongPool) expect(allows(setting, w.reveals), `${q.id}: ${w.text}`).toBe(true);
        // Independently of the bank's markers: a character not yet reached is named nowhere.
        for (const name of hidden) {
          for (const text of [...textsOf(q), ...wrongPool.map((w) => w.text)]) {
            expect(mentions(text, name), `${q.id} names ${name} at ${formatSpoilers(setting)}: ${text}`).toBe(false);
          }
        }
      }
    });

    it('no film plot for a group that has not seen the film, no series plot beyond its episode', () => {
      for (const { question: q } of questions) {
        const needs = settingFor(q.reveals ?? []);
        if (!setting.film) expect(needs.film, q.id).toBe(false);
        expect(needs.series, q.id).toBeLessThanOrEqual(setting.series);
        expect(needs.novel, q.id).toBeLessThanOrEqual(setting.novel);
      }
    });
  });

  it('no blanks, no "True or false" built into a form, no Hangul-spelling questions, no alias give-aways', () => {
    for (const { question: q, wrongPool } of bankQuestions(bank)) {
      for (const text of [...textsOf(q), ...wrongPool.map((w) => w.text)]) expect(text, q.id).not.toMatch(/_{2,}/);
      expect(q.prompt, q.id).not.toMatch(/hangul|written in korean|spelled/i);
      expect(q.prompt, q.id).not.toMatch(/also known as/i);
      if (q.kind !== 'true-false') expect(q.prompt, q.id).not.toMatch(/true or false/i);
    }
  });

  it('a false statement never turns on a made-up name (it would give itself away)', () => {
    let falseOnes = 0;
    for (const { question: q, form } of bankQuestions(bank)) {
      const m = /:false:(\d+)$/.exec(q.id);
      if (!m) continue;
      falseOnes++;
      expect(form.wrong[Number(m[1])]?.invented, q.id).not.toBe(true);
    }
    expect(falseOnes).toBeGreaterThan(100);
  });

  it('true/false questions are natural statements ending in a full stop', () => {
    for (const { question: q } of bankQuestions(bank)) {
      if (q.kind !== 'true-false') continue;
      const statement = q.prompt.replace(/^True or false: /, '');
      expect(statement, q.id).toMatch(/^[\p{Lu}“"…0-9]/u);
      expect(statement, q.id).toMatch(/[.!?”"]$/);
      expect(statement, q.id).not.toContain('{answer}');
    }
  });

  it('a prompt never prints its own answer', () => {
    for (const { question: q } of bankQuestions(bank)) {
      if (q.kind === 'true-false') continue;
      const answer = normalise(q.options[q.answer] ?? '');
      if (answer.length >= 3) expect(normalise(q.prompt).includes(answer), q.id).toBe(false);
    }
  });

  it('options of one question share their script and style: all with Hangul or none, all with brackets or none', () => {
    for (const fact of bank.facts) {
      for (const form of fact.forms) {
        const all = [form.answer, ...form.wrong].map((o) => o.text);
        for (const marker of [/[\uac00-\ud7af]/u, /[()]/, /\d/, /[A-Za-z]/]) {
          const n = all.filter((t) => marker.test(t)).length;
          expect(n === 0 || n === all.length, `${form.id}: ${marker} in ${n} of ${all.length}: ${all.join(' | ')}`).toBe(true);
        }
      }
    }
  });

  it('numeric dates are never a coin toss: any two options are at least a week apart', () => {
    const date = /^(January|February|March|April|May|June|July|August|September|October|November|December) (\d{1,2}), (\d{4})$/;
    for (const fact of bank.facts) {
      for (const form of fact.forms) {
        const days = [form.answer, ...form.wrong]
          .map((o) => date.exec(o.text))
          .filter((m): m is RegExpExecArray => m !== null)
          .map((m) => Date.UTC(Number(m[3]), new Date(`${m[1]} 1, 2000`).getMonth(), Number(m[2])) / 86_400_000);
        for (let i = 0; i < days.length; i++) {
          for (let j = i + 1; j < days.length; j++) expect(Math.abs((days[i] ?? 0) - (days[j] ?? 0)), form.id).toBeGreaterThanOrEqual(7);
        }
      }
    }
  });

  describe('relation forms, checked against the dataset itself', () => {
    const roleForms = bank.facts.filter((f) => f.template === 'cast').flatMap((f) => f.forms.map((form) => ({ fact: f, form })));
    const people = new Map(dataset.people.map((p) => [p.id, p]));
    const personByText = (text: string) => dataset.people.find((p) => (p.hangul ? `${p.name} (${p.hangul})` : p.name) === text);
    const genderOfPerson = (id: string) => {
      const genders = new Set(dataset.roles.filter((r) => r.personId === id).map((r) => byId([...dataset.characters], r.characterId).gender));
      return genders.size === 1 ? [...genders][0] : undefined;
    };

    it('"who plays X" never offers someone who plays X, and offers only actors of X\'s gender when the sources give it', () => {
      let checked = 0;
      for (const { fact, form } of roleForms) {
        if (!form.id.endsWith('#1')) continue;
        const characterId = fact.id.slice('role:'.length);
        const character = byId([...dataset.characters], characterId);
        const playing = new Set(dataset.roles.filter((r) => r.characterId === characterId).map((r) => r.personId));
        const curated = dataset.roles.find((r) => r.characterId === characterId)?.wrongActors;
        if (curated) {
          // Curated wrong actors (older actresses for a mother): exactly those, none in this production's cast.
          expect(form.wrong.map((w) => w.text)).toEqual(curated);
          const cast = dataset.roles.filter((r) => r.production === character.production).map((r) => people.get(r.personId)?.name ?? '');
          for (const w of form.wrong) expect(cast.some((name) => w.text.startsWith(`${name} (`)), w.text).toBe(false);
          continue;
        }
        for (const w of form.wrong) {
          const p = personByText(w.text);
          expect(p, w.text).toBeDefined();
          expect(playing.has(p?.id ?? ''), `${form.id}: ${w.text}`).toBe(false);
          if (character.gender) expect(genderOfPerson(p?.id ?? ''), `${form.id}: ${w.text}`).toBe(character.gender);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(30);
    });

    it('"who plays Heung-soo\'s mother" offers only actresses known for mothers, not the young leads', () => {
      const form = bank.facts.find((f) => f.id === 'role:film-heung-soo-mother')?.forms[0] as BankForm;
      expect(form.prompt).toBe("Who plays Heung-soo's mother in the film?");
      const wrong = form.wrong.map((w) => w.text);
      expect(wrong).toContain('Oh Hyun-kyung (오현경)');
      for (const lead of ['Kim Go-eun (김고은)', 'Lee Soo-kyung (이수경)']) expect(wrong).not.toContain(lead);
      // Those in the dataset are women; the others are curated (Youn Yuh-jung, Kim Hae-sook, Ra Mi-ran).
      for (const w of form.wrong) {
        const p = personByText(w.text);
        if (p) expect(genderOfPerson(p.id), w.text).toBe('female');
      }
    });

    it('a crew question never offers someone with the same credit, nor Lee Eon-hee for the screenplay', () => {
      for (const fact of bank.facts.filter((f) => f.template === 'crew')) {
        const credit = dataset.crew.find((c) => `crew:${c.id}` === fact.id);
        expect(credit, fact.id).toBeDefined();
        const holders = dataset.crew.filter((c) => c.job === credit?.job && c.production === credit?.production && c.act === credit?.act).map((c) => c.personId);
        const form = fact.forms[0] as BankForm;
        for (const w of form.wrong) expect(holders).not.toContain(personByText(w.text)?.id);
        if (credit?.job === 'screenwriter') expect(form.wrong.map((w) => w.text)).not.toContain('Lee Eon-hee (이언희)');
      }
      expect(people.size).toBeGreaterThan(0);
    });
  });

  describe('the defects of the first bank are gone', () => {
    const all = bankQuestions(bank).map((b) => b.question);
    const anyText = (re: RegExp) => all.filter((q) => textsOf(q).some((t) => re.test(t))).map((q) => q.id);

    it('no "Which act does episode N belong to?" and no act option that restates the episodes', () => {
      expect(anyText(/which act does episode/i)).toEqual([]);
      for (const q of all) if (/which act/i.test(q.prompt)) for (const o of q.options) expect(o, q.id).not.toMatch(/episode/i);
    });

    it('no "Steven Sanghyun Noh", and no answer naming which story act 1 adapts', () => {
      expect(anyText(/Steven/)).toEqual([]);
      expect(dataset.series.acts[0]?.story).toBeUndefined();
      expect(anyText(/act 1[^.]*adapts|adapts[^.]*act 1/i)).toEqual([]);
    });

    it('Habibi is tied to no episodes the sources do not give', () => {
      const habibi = byId([...dataset.characters], 'series-habibi');
      expect(habibi.episodes).toBeUndefined();
      expect(anyText(/Habibi[^.?]*(episode|act \d)/i)).toEqual([]);
    });

    it('a fact has at most three forms (the first bank asked "Nam-gyu appears in act 1" twelve ways)', () => {
      for (const f of bank.facts) expect(f.forms.length, f.id).toBeLessThanOrEqual(3);
    });

    it('no marker like "(US)" and no publisher or distributor of the wrong kind among the options', () => {
      expect(anyText(/\((US|UK)\)/)).toEqual([]);
      const byPrompt = (re: RegExp) => bankQuestions(bank).filter((b) => re.test(b.question.prompt));
      const optionsOf = (b: ReturnType<typeof byPrompt>[number]) => [...b.question.options, ...b.wrongPool.map((w) => w.text)];
      // A distributor among book publishers, or a Korean publisher or film company among the translation's publishers, gives itself away.
      for (const b of byPrompt(/distribut/i)) for (const t of optionsOf(b)) expect(t, b.question.id).not.toMatch(/Changbi|Grove|Tilted Axis/);
      for (const b of byPrompt(/(US|UK) publisher/)) for (const t of optionsOf(b)) expect(t, b.question.id).not.toMatch(/Changbi|Plus M|Showbox/);
      for (const b of byPrompt(/Korean publisher/)) for (const t of optionsOf(b)) expect(t, b.question.id).not.toMatch(/Plus M|Grove|Tilted Axis/);
      // The translation's publishers are asked among English-language publishers only.
      const us = byPrompt(/US publisher/)[0];
      expect(us?.question.options).toContain('Grove Atlantic');
    });

    it('no prompt leans on a bare pronoun or an order of events', () => {
      for (const q of all) {
        expect(q.prompt.replace(/^True or false: /, ''), q.id).not.toMatch(/^(She|He|They) /);
        expect(q.prompt, q.id).not.toMatch(/which came first|happened first|in what order/i);
      }
    });

    it('the facts the first bank never asked now have questions', () => {
      const asked = new Set(bank.facts.map((f) => f.id));
      for (const id of [
        'fact-film-young-renamed',
        'fact-film-train-scene-cg',
        'fact-film-london-closing-gala',
        'fact-film-tiff-section',
        'fact-film-tiff-venue',
        'fact-film-release-moved-up',
        'fact-film-director-debut',
        'fact-film-director-missing',
        'fact-film-noh-pachinko',
        'fact-series-bangkok',
        'fact-series-friends',
        'fact-series-all-at-once',
      ]) {
        expect(asked.has(id), id).toBe(true);
      }
      // Numbers and details that lived in prose are asked as such.
      const answers = bank.facts.flatMap((f) => f.forms.map((form) => form.answer.text));
      for (const detail of ['21', '3 years', '52,696', 'A white gold promise ring', 'Shanghai', 'A lantern']) expect(answers).toContain(detail);
    });

    it('a series-only group at episode 4 never meets Gyu-ho nor the film\'s plot', () => {
      const setting = { film: false, series: 4, novel: 0 };
      for (const { question: q, wrongPool } of bankQuestions(bank, setting)) {
        for (const t of [...textsOf(q), ...wrongPool.map((w) => w.text)]) expect(t, q.id).not.toMatch(/Gyu-ho|규호/);
        expect(q.reveals ?? [], q.id).not.toContain('film');
      }
    });

    it('at no spoilers, no character beyond the premise is named in a cast question', () => {
      const none = { film: false, series: 0, novel: 0 };
      const castFacts = bankQuestions(bank, none).filter((b) => b.fact.template === 'cast').map((b) => b.fact.id);
      // The premise characters, and Mi-ae, who gives act 1 its title.
      expect(new Set(castFacts)).toEqual(new Set(['role:film-jae-hee', 'role:film-heung-soo', 'role:series-go-young', 'role:series-mi-ae']));
    });
  });

  it('a broken curated form is refused at load, naming the form and the rule', () => {
    const d = brokenCopy();
    const fact = d.facts.find((f) => f.quiz && f.quiz.length > 0);
    if (!fact?.quiz?.[0]) throw new Error('no curated fact');
    fact.quiz[0].wrong = [fact.quiz[0].answer, 'x', 'y'];
    expect(() => buildBank(asDataset(d))).toThrow(new RegExp(`${fact.id}#1: wrong answer`));
  });

  it('the stats count facts and questions per kind, difficulty and setting, and list facts with no question', () => {
    const stats = bankStats(bank);
    expect(stats.facts).toBe(bank.facts.length);
    expect(stats.questions).toBe(bankQuestions(bank).length);
    expect(Object.values(stats.questionsByKind).reduce((a, b) => a + b, 0)).toBe(stats.questions);
    expect(stats.bySetting.find((s) => s.setting === 'all')?.facts).toBe(bank.facts.length);
    expect(stats.skipped).toEqual(bank.skipped);
  });
});

describe('picking a game', () => {
  const filter = { scope: 'all' as const, difficulty: 'mixed' as const };

  it('asks each fact once, at most a third of it as true/false, all within the setting, over many seeds', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const spoilers = SETTINGS[seed % SETTINGS.length] as SpoilerSetting;
      const rounds = 1 + (seed % 30);
      const game = pickQuestions(bank, { ...filter, spoilers, rng: seededRng(seed), count: rounds });
      expect(new Set(game.map((q) => q.fact)).size, `seed ${seed}`).toBe(game.length);
      expect(game.filter((q) => q.kind === 'true-false').length).toBeLessThanOrEqual(Math.floor(rounds / 3));
      for (const q of game) expect(allows(spoilers, q.reveals ?? []), q.id).toBe(true);
    }
  });

  it('is a function of the seed', () => {
    const a = pickQuestions(bank, { ...filter, spoilers: { film: true, series: 8, novel: 4 }, rng: seededRng(5), count: 10 });
    const b = pickQuestions(bank, { ...filter, spoilers: { film: true, series: 8, novel: 4 }, rng: seededRng(5), count: 10 });
    expect(a).toEqual(b);
  });

  it('draws unseen facts first, then the least recently asked, so a fact comes back only after every eligible one', () => {
    const spoilers = { film: false, series: 0, novel: 0 };
    const eligible = bank.facts.filter((f) => isEligible(f, { ...filter, spoilers })).map((f) => f.id);
    const history = new Map<string, number>();
    const seen: string[] = [];
    let t = 0;
    while (seen.length < eligible.length) {
      const game = pickQuestions(bank, { ...filter, spoilers, rng: seededRng(seen.length + 1), count: 10, history });
      for (const q of game) {
        expect(history.has(q.fact ?? ''), `${q.fact} came back before every fact was seen`).toBe(seen.length >= eligible.length);
        seen.push(q.fact ?? '');
        history.set(q.fact ?? '', ++t);
        if (seen.length === eligible.length) break;
      }
    }
    expect(new Set(seen)).toEqual(new Set(eligible));
    // Everything seen: the next game opens with the facts asked longest ago.
    const next = pickQuestions(bank, { ...filter, spoilers, rng: seededRng(99), count: 5, history });
    const oldest = [...history].sort((x, y) => x[1] - y[1]).slice(0, 5).map(([id]) => id);
    expect(new Set(next.map((q) => q.fact))).toEqual(new Set(oldest));
  });

  it('varies the wrong answers from game to game', () => {
    const shown = new Set<string>();
    for (let seed = 1; seed <= 40; seed++) {
      const [q] = pickQuestions(bank, { scope: 'film', difficulty: 'easy', spoilers: { film: true, series: 0, novel: 0 }, rng: seededRng(seed), count: 30 }).filter(
        (x) => x.id === 'role:film-heung-soo#1',
      );
      if (q) shown.add([...q.options].sort().join('|'));
    }
    expect(shown.size).toBeGreaterThan(1);
  });
});

describe('the bank in Korean', () => {
  /** Names with no confirmed Hangul, which stay in Latin letters in Korean text. */
  const latinNames = dataset.characters.filter((c) => !c.hangul && !c.labelKo).map((c) => c.name).concat(dataset.people.filter((p) => !p.hangul).map((p) => p.name));
  const withoutLatinNames = (text: string) => latinNames.reduce((t, name) => t.split(name).join(''), text);

  it('every fact has a Korean statement and every form a Korean text', () => {
    expect(missingKorean(bank)).toEqual([]);
  });

  describe.each(SETTINGS.filter((_, i) => i % 7 === 0).map((s) => [formatSpoilers(s), s] as const))('at spoilers %s', (_name, setting) => {
    const en = bankQuestions(bank, setting, 'en');
    const ko = bankQuestions(bank, setting, 'ko');

    it('asks the same questions as in English, with the same answer and the same number of options', () => {
      expect(ko.map((b) => b.question.id)).toEqual(en.map((b) => b.question.id));
      ko.forEach((b, i) => {
        const e = en[i]?.question;
        expect(b.question.lang).toBe('ko');
        expect(b.question.kind).toBe(e?.kind);
        expect(b.question.answer, b.question.id).toBe(e?.answer);
        expect(b.question.options.length).toBe(e?.options.length);
        expect(b.question.reveals).toEqual(e?.reveals);
      });
    });

    it('reads as Korean: Hangul in every prompt, no English sentence, no placeholder left', () => {
      for (const { question: q, form } of ko) {
        expect(q.prompt, q.id).toMatch(/[\uac00-\ud7a3]/u);
        // Where the answer has no Hangul (Anton Hur; Eun-soo, Ho-min and Ji-tae), every option stays in Latin letters.
        const latinForm = !/[\uac00-\ud7a3]/u.test(form.ko?.answer ?? '');
        const latinOptions = latinForm ? (form.ko?.wrong ?? []).concat(form.ko?.answer ?? '') : [];
        const strip = (text: string) => withoutLatinNames(latinOptions.reduce((t, o) => t.split(o).join(''), text));
        for (const text of [q.prompt, ...q.options, q.explanation ?? '']) {
          expect(strip(text), `${q.id}: ${text}`).not.toMatch(/[A-Za-z]+[ ,'’-]+[A-Za-z]+[ ,'’-]+[A-Za-z]+/);
          expect(text, q.id).not.toMatch(/\{|\}|undefined/);
        }
      }
    });
  });

  it('true/false statements in Korean put the right particle after each name', () => {
    const statements = bankQuestions(bank, ALL_SPOILERS_SETTING, 'ko').filter((b) => b.question.kind === 'true-false');
    const jae = statements.find((b) => b.question.id === 'role:film-jae-hee#1:true')?.question.prompt;
    expect(jae).toBe('O/X 퀴즈: 김고은은 영화에서 재희 역을 맡았다.');
    const heung = statements.find((b) => b.question.id === 'role:film-heung-soo#1:true')?.question.prompt;
    expect(heung).toBe('O/X 퀴즈: 노상현은 영화에서 흥수 역을 맡았다.');
    const gyu = statements.find((b) => b.question.id === 'role:series-gyu-ho#1:true')?.question.prompt;
    expect(gyu).toBe('O/X 퀴즈: 진호은은 드라마에서 규호 역을 맡았다.');
    const director = statements.find((b) => b.question.id === 'crew:crew-series-act-2-director#1:true')?.question.prompt;
    expect(director).toBe('O/X 퀴즈: 허진호가 드라마 3~4회를 연출했다.');
    for (const b of statements) expect(b.question.options).toEqual(['O', 'X']);
  });
});
