import { describe, expect, it } from 'vitest';
import { dataset } from '../../src/data/dataset.js';
import { HORIZONS, horizonRank, type Dataset, type Horizon } from '../../src/data/schema.js';
import { generateAll, generateDetailed, questionStats, type GeneratedQuestion } from '../../src/quiz/generate.js';
import { seededRng } from '../../src/quiz/rng.js';
import { fixtureDataset } from './fixtures/dataset.js';
import { evaluate, fold, namesWord, problemsOf } from './generate-checker.js';

const DATASETS: readonly [string, Dataset][] = [
  ['the real dataset', dataset],
  ['the hand-built fixture', fixtureDataset],
];

function find(all: readonly GeneratedQuestion[], id: string): GeneratedQuestion {
  const g = all.find((x) => x.question.id === id);
  if (!g) throw new Error(`no question ${id}`);
  return g;
}

describe.each(DATASETS)('generator over %s', (_name, ds) => {
  const all = generateDetailed(ds);

  it('given every question it can produce, each has exactly one true option, checked against the dataset', () => {
    const problems = all.flatMap((g) => problemsOf(ds, g));
    expect(problems).toEqual([]);
    expect(all.length).toBeGreaterThan(50);
  });

  it('given every question, ids are unique and no two questions ask the same thing with the same answer', () => {
    const ids = all.map((g) => g.question.id);
    expect(new Set(ids).size).toBe(ids.length);
    const asked = all.map((g) => `${g.question.prompt}→${g.question.options[g.question.answer]}`);
    expect(new Set(asked).size).toBe(asked.length);
  });

  it('given the same dataset twice, it produces the same questions in the same order with the same options', () => {
    expect(generateAll(ds)).toEqual(all.map((g) => g.question));
  });

  it('given a question, its horizon is the highest horizon of the question and of every option', () => {
    for (const g of all) {
      const highest = Math.max(...g.optionHorizons.map(horizonRank));
      expect(horizonRank(g.question.horizon)).toBeGreaterThanOrEqual(highest);
    }
  });

  it('given a question below the episode a series character enters, the character is never a distractor, and never named at all in plot questions', () => {
    const late = ds.characters.filter((c) => c.production === 'series' && c.episodes);
    expect(late.length).toBeGreaterThan(0);
    for (const { question: q } of all) {
      const rank = horizonRank(q.horizon);
      for (const c of late) {
        const enters = horizonRank(`series-${c.episodes?.[0] ?? 1}` as Horizon);
        if (rank >= enters) continue;
        const names = (t: string) => [c.name, ...c.aliases, ...(c.hangul ? [c.hangul] : [])].some((n) => namesWord(t, n));
        q.options.forEach((o, i) => {
          if (i !== q.answer || q.kind === 'true-false') expect(names(o), `${q.id} offers ${c.name} at ${q.horizon}`).toBe(false);
        });
        // Below its entry a character may only be the subject of a production (cast) fact.
        if (q.horizon !== 'none') expect(names(q.prompt), `${q.id} names ${c.name} at ${q.horizon}`).toBe(false);
      }
    }
  });

  it('given a character whose record itself is marked for a later episode, no question names it below that horizon', () => {
    const marked: Dataset = {
      ...ds,
      characters: ds.characters.map((c) => (c.name === 'Habibi' ? { ...c, spoiler: { kind: 'series', episode: 7 } } : c)),
    };
    expect(marked.characters.some((c) => c.name === 'Habibi')).toBe(true);
    const questions = generateDetailed(marked);
    expect(questions.flatMap((g) => problemsOf(marked, g))).toEqual([]);
    for (const { question: q } of questions) {
      if ([q.prompt, ...q.options].some((t) => namesWord(t, 'Habibi') || t.includes('하비비'))) {
        expect(horizonRank(q.horizon), q.id).toBeGreaterThanOrEqual(horizonRank('series-7'));
      }
    }
    expect(questions.some((g) => g.question.id === 'actor-of-character:series-habibi' && g.question.horizon === 'series-7')).toBe(true);
  });

  it('given a choice or numeric question, no option is another name of the right answer', () => {
    for (const { question: q } of all) {
      if (q.kind === 'true-false') continue;
      const answer = fold(q.options[q.answer] ?? '');
      for (const p of ds.people) {
        const names = [p.name, ...p.aliases].map(fold);
        if (!names.some((n) => answer.includes(n))) continue;
        q.options.forEach((o, i) => {
          if (i === q.answer) return;
          expect(names.some((n) => fold(o).includes(n)), `${q.id}: "${o}" is another name of ${p.name}`).toBe(false);
        });
      }
    }
  });

  it('given options shuffled with an rng, the marked answer is still the same text', () => {
    const shuffled = generateAll(ds, seededRng(99));
    const canonical = all.map((g) => g.question);
    let moved = 0;
    shuffled.forEach((q, i) => {
      const c = canonical[i];
      if (!c) throw new Error('length mismatch');
      expect(q.id).toBe(c.id);
      expect(q.options[q.answer]).toBe(c.options[c.answer]);
      expect([...q.options].sort()).toEqual([...c.options].sort());
      if (q.options.join('|') !== c.options.join('|')) moved++;
    });
    expect(moved).toBeGreaterThan(0);
  });

  it('given the answer positions, the right option is not always in the same place', () => {
    const positions = new Set(all.filter((g) => g.question.kind !== 'true-false').map((g) => g.question.answer));
    expect(positions).toEqual(new Set([0, 1, 2, 3]));
  });

  it('given the counts per horizon, each horizon offers at least what the previous one did (none ⊆ film ⊆ … ⊆ all)', () => {
    const stats = questionStats(ds);
    let previous = new Set<string>();
    for (const h of HORIZONS) {
      const ids = new Set(all.filter((g) => horizonRank(g.question.horizon) <= horizonRank(h)).map((g) => g.question.id));
      for (const id of previous) expect(ids.has(id)).toBe(true);
      expect(stats.availableAt[h]).toBe(ids.size);
      previous = ids;
    }
    expect(stats.availableAt.all).toBe(all.length);
    expect(stats.total).toBe(all.length);
    expect(Object.values(stats.byKind).reduce((a, b) => a + b, 0)).toBe(all.length);
    expect(Object.values(stats.introducedAt).reduce((a, b) => a + b, 0)).toBe(all.length);
  });

  it('given every kind of question, all three kinds are produced', () => {
    const stats = questionStats(ds);
    expect(stats.byKind.choice).toBeGreaterThan(0);
    expect(stats.byKind['true-false']).toBeGreaterThan(0);
    expect(stats.byKind.numeric).toBeGreaterThan(0);
  });

  it('given the true/false statements, both true and falsified statements are produced for relations', () => {
    const tf = all.filter((g) => g.question.kind === 'true-false');
    expect(tf.some((g) => g.question.answer === 0)).toBe(true);
    expect(tf.some((g) => g.question.answer === 1 && g.question.template === 'role-true-false')).toBe(true);
    expect(tf.some((g) => g.question.answer === 1 && g.question.template === 'act-director-true-false')).toBe(true);
  });

  it('given the true/false questions at each horizon, neither answer is more than 70% of them', () => {
    let checked = 0;
    for (const h of HORIZONS) {
      const tf = all.filter((g) => g.question.kind === 'true-false' && horizonRank(g.question.horizon) <= horizonRank(h));
      if (tf.length < 10) continue;
      checked++;
      const trueShare = tf.filter((g) => g.question.answer === 0).length / tf.length;
      expect(trueShare, `${h}: ${tf.length} true/false questions`).toBeLessThanOrEqual(0.7);
      expect(trueShare, `${h}: ${tf.length} true/false questions`).toBeGreaterThanOrEqual(0.3);
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('given any true/false template with three or more questions, its answers are not all the same', () => {
    const byTemplate = new Map<string, Set<number>>();
    const counts = new Map<string, number>();
    for (const { question: q } of all) {
      if (q.kind !== 'true-false') continue;
      byTemplate.set(q.template, (byTemplate.get(q.template) ?? new Set()).add(q.answer));
      counts.set(q.template, (counts.get(q.template) ?? 0) + 1);
    }
    const oneSided = [...byTemplate].filter(([t, answers]) => (counts.get(t) ?? 0) >= 3 && answers.size < 2).map(([t]) => t);
    expect(oneSided).toEqual([]);
  });

  it('given a choice or numeric question, its prompt does not contain its right answer (any spelling, 4+ characters)', () => {
    const leaks: string[] = [];
    for (const { question: q } of all) {
      if (q.kind === 'true-false') continue;
      const answer = q.options[q.answer] ?? '';
      // "“Jaehee” (재희)": the whole option, the name outside the brackets and the name inside.
      const inside = [...answer.matchAll(/\(([^)]*)\)/g)].map((m) => m[1] ?? '');
      const parts = [answer, answer.replace(/\s*\([^)]*\)/g, ''), ...inside].filter((p) => fold(p).length >= 4);
      const prompt = q.prompt.toLowerCase();
      for (const part of parts) {
        if (prompt.includes(part.toLowerCase()) || fold(q.prompt).includes(fold(part))) leaks.push(`${q.id}: "${part}" in "${q.prompt}"`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('given any question, it has a topic, and true/false twins share the topic of the true statement', () => {
    for (const { question: q } of all) expect(q.topic, q.id).toMatch(/\S/);
    const byId = new Map(all.map((g) => [g.question.id, g.question]));
    let twins = 0;
    for (const { question: q } of all) {
      if (!q.id.endsWith(':false')) continue;
      const truth = byId.get(`${q.id.slice(0, -':false'.length)}:true`);
      if (!truth) continue;
      twins++;
      expect(q.topic, q.id).toBe(truth.topic);
    }
    expect(twins).toBeGreaterThan(5);
  });

  it('given two questions whose reveals state the same sentence, they share a topic', () => {
    const topics = new Map<string, Set<string>>();
    for (const { question: q } of all) {
      // "Which act?" reveals name only the act (shared by different plot points), not a statement.
      if (!q.explanation || q.template === 'plot-act' || q.template === 'plot-story') continue;
      const said = q.explanation.replace(/^False\. /, '');
      topics.set(said, (topics.get(said) ?? new Set()).add(q.topic ?? `no topic on ${q.id}`));
    }
    const split = [...topics].filter(([, t]) => t.size > 1).map(([said, t]) => `${said} → ${[...t].join(', ')}`);
    expect(split).toEqual([]);
  });
});

describe('generator over the real dataset', () => {
  const all = generateDetailed(dataset);

  it('given horizon all, it yields at least 200 distinct valid questions', () => {
    const valid = all.filter((g) => problemsOf(dataset, g).length === 0);
    expect(new Set(valid.map((g) => g.question.id)).size).toBeGreaterThanOrEqual(200);
  });

  it('given horizon none, there are still well over a hundred production-fact questions', () => {
    expect(all.filter((g) => g.question.horizon === 'none').length).toBeGreaterThan(100);
  });

  it('given Jae-hee in the film, "who plays" names Kim Go-eun with Hangul, is easy, and offers film actors', () => {
    const { question: q } = find(all, 'actor-of-character:film-jae-hee');
    expect(q.prompt).toBe('Who plays Jae-hee (재희) in the film?');
    expect(q.options[q.answer]).toBe('Kim Go-eun (김고은)');
    expect(q.difficulty).toBe('easy');
    expect(q.horizon).toBe('none');
    const filmActors = dataset.roles.filter((r) => r.production === 'film').map((r) => r.personId);
    for (const o of q.options) {
      const person = dataset.people.find((p) => o.startsWith(p.name));
      expect(person && filmActors.includes(person.id), o).toBe(true);
    }
  });

  it('given Kim Go-eun, "which character" answers Jae-hee and never offers a second character she plays', () => {
    const { question: q } = find(all, 'character-of-actor:kim-go-eun:film');
    expect(q.prompt).toBe('Which character does Kim Go-eun (김고은) play in the film?');
    expect(q.options[q.answer]).toBe('Jae-hee (재희)');
  });

  it('given act 3, "who directed" answers Hong Ji-young and the reverse answers act 3 for her', () => {
    const { question: q } = find(all, 'act-director:3');
    expect(q.prompt.startsWith('Who directed act 3 of the series')).toBe(true);
    expect(q.options[q.answer]).toBe('Hong Ji-young (홍지영)');
    const { question: r } = find(all, 'director-act:hur-jin-ho');
    expect(r.prompt).toBe('Which act of the series did Hur Jin-ho (허진호) direct?');
    expect(r.options[r.answer]).toBe('Act 2 (episodes 3–4)');
  });

  it('given the alias E.oni, the answer is Lee Eon-hee and the options are four different people', () => {
    const { question: q } = find(all, 'alias-person:lee-eon-hee:eoni');
    expect(q.prompt).toBe('Who is also known as “E.oni”?');
    expect(q.options[q.answer]).toBe('Lee Eon-hee (이언희)');
  });

  it('given Noh Sang-hyun\'s other names, "another name of" never offers a second alias of his', () => {
    const { question: q } = find(all, 'person-alias:noh-sang-hyun');
    const his = ['Noh Sang-hyun', 'Steve Sanghyun Noh', 'Steve Noh', 'Steven Sanghyun Noh'].map(fold);
    expect(q.options.filter((o) => his.includes(fold(o)))).toHaveLength(1);
  });

  it('given the Korean release, the date question answers October 1, 2024 with three other dates', () => {
    const { question: q } = find(all, 'date:film-koreanRelease');
    expect(q.kind).toBe('numeric');
    expect(q.options[q.answer]).toBe('October 1, 2024');
    for (const o of q.options) expect(o).toMatch(/^[A-Z][a-z]+ \d{1,2}, \d{4}$/);
  });

  it('given the runtime, the numeric question answers 118 minutes among four distinct runtimes', () => {
    const { question: q } = find(all, 'number:film-runtimeMinutes');
    expect(q.options[q.answer]).toBe('118 minutes');
    expect(new Set(q.options).size).toBe(4);
  });

  it('given a lead role and a supporting role, difficulty follows prominence', () => {
    expect(find(all, 'actor-of-character:film-jae-hee').question.difficulty).toBe('easy');
    expect(find(all, 'actor-of-character:film-tattooist').question.difficulty).toBe('hard');
  });

  it('given a series plot fact tied to Nam-gyu, its "which act" question is at horizon series-2 and answers act 1', () => {
    const { question: q } = find(all, 'plot-act:fact:fact-series-plot-nam-gyu-kiss');
    expect(q.horizon).toBe('series-2');
    expect(q.options[q.answer]).toBe('Act 1 (episodes 1–2)');
  });

  it('given a plot point that may fall in act 3 or act 4 (eps 5–8), no "which act" question is asked about it', () => {
    expect(all.some((g) => g.question.id === 'plot-act:fact:fact-series-plot-gyu-ho-love')).toBe(false);
  });

  it('given one fact asked several ways, every way shares its topic and other facts do not', () => {
    const topic = (id: string) => find(all, id).question.topic;
    const groups = [
      ['act-title:4', 'title-act:4', 'act-title-tf:4:true', 'act-title-tf:4:false'],
      ['actor-of-character:film-jae-hee', 'character-of-actor:kim-go-eun:film', 'role-tf:role-film-jae-hee:true'],
      ['act-director:3', 'director-act:hong-ji-young', 'act-director-tf:3:true', 'act-director-tf:3:false'],
      ['episode-act:3', 'episode-act:4', 'act-episodes:2'],
      ['date:film-koreanRelease', 'date-tf:film-koreanRelease:true'],
      // Nam-gyu's plot entry retells a fact: "who is the blank" and "which act" ask the same thing.
      ['plot-character:plot:series-nam-gyu:0', 'plot-act:fact:fact-series-plot-nam-gyu-mocked', 'plot-where-tf:fact:fact-series-plot-nam-gyu-mocked:true'],
    ];
    for (const group of groups) {
      expect(new Set(group.map(topic)).size, group.join(', ')).toBe(1);
    }
    const firsts = groups.map((g) => topic(g[0] ?? ''));
    expect(new Set(firsts).size).toBe(groups.length);
    const award = all.find((g) => g.question.template === 'award-year');
    expect(award && topic(award.question.id.replace('award-year:', 'award-recipient:'))).toBe(award?.question.topic);
  });

  it('given the film and the series horizons, plot is still asked there, as choices and as true/false with both answers', () => {
    for (const h of ['film', 'series-2', 'series-4', 'series-8'] as const) {
      const plot = all.filter((g) => g.question.horizon === h && g.question.template.startsWith('plot-'));
      expect(plot.some((g) => g.question.kind === 'choice'), h).toBe(true);
      const tf = plot.filter((g) => g.question.kind === 'true-false');
      expect(new Set(tf.map((g) => g.question.answer)), h).toEqual(new Set([0, 1]));
    }
  });

  it('given Nam-gyu\'s kiss (act 1) and Gyu-ho\'s love (episodes 5–8), true/false names the act range and falsifies it with one it cannot be in', () => {
    const kiss = find(all, 'plot-where-tf:fact:fact-series-plot-nam-gyu-kiss:true').question;
    expect(kiss.prompt).toBe('True or false: This happens in act 1 (episodes 1–2) of the series: “Young kisses Nam-gyu outside a nightclub, but later feels ashamed of him.”');
    expect(kiss.answer).toBe(0);
    const love = find(all, 'plot-where-tf:fact:fact-series-plot-gyu-ho-love:false').question;
    expect(love.prompt).toMatch(/^True or false: This happens in acts 1–2 \(episodes 1–4\) of the series: /);
    expect(love.answer).toBe(1);
    expect(love.horizon).toBe('series-8');
  });

  it('given the novel\'s first story, its plot question no longer names the story it asks for', () => {
    const { question: q } = find(all, 'plot-story:fact:fact-novel-story-1-friendship');
    expect(q.options[q.answer]).toBe('“Jaehee” (재희)');
    expect(fold(q.prompt)).not.toContain('jaehee');
  });
});

describe('the checker itself', () => {
  const all = generateDetailed(dataset);

  it('given a question whose marked answer is moved to a wrong option, the checker reports it', () => {
    const g = find(all, 'act-director:3');
    const wrong = { ...g, question: { ...g.question, answer: (g.question.answer + 1) % 4 } };
    expect(problemsOf(dataset, wrong).length).toBeGreaterThan(0);
  });

  it('given a question offering two names of one person, the checker reports it', () => {
    const g = find(all, 'alias-person:lee-eon-hee:eoni');
    const wrongIndex = (g.question.answer + 1) % 4;
    const options = g.question.options.map((o, i) => (i === wrongIndex ? 'E.oni' : o));
    expect(problemsOf(dataset, { ...g, question: { ...g.question, options } }).some((p) => p.includes('both name'))).toBe(true);
  });

  it('given a question whose horizon is understated, the checker reports it', () => {
    const g = find(all, 'plot-act:fact:fact-series-plot-nam-gyu-kiss');
    expect(problemsOf(dataset, { ...g, question: { ...g.question, horizon: 'none' } }).length).toBeGreaterThan(0);
  });

  it('given an episode range, a plot point inside it is true, outside it false, and straddling it unknown', () => {
    const ref = { factId: 'fact-series-plot-gyu-ho-love' };
    expect(evaluate(dataset, { kind: 'plot-episodes', ref, first: 5, last: 8 })).toBe(true);
    expect(evaluate(dataset, { kind: 'plot-episodes', ref, first: 1, last: 4 })).toBe(false);
    expect(evaluate(dataset, { kind: 'plot-episodes', ref, first: 7, last: 8 })).toBe('unknown');
    expect(evaluate(dataset, { kind: 'plot-episodes', ref, first: 7, last: 9 })).toBe('unknown');
  });

  it('given a role that does not exist, the claim evaluates false', () => {
    expect(evaluate(dataset, { kind: 'role', personId: 'kim-go-eun', characterId: 'film-heung-soo' })).toBe(false);
    expect(evaluate(dataset, { kind: 'role', personId: 'kim-go-eun', characterId: 'film-jae-hee' })).toBe(true);
  });
});
