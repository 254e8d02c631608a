/**
 * Plot templates. Free text cannot be falsified safely (swapping a name in a sentence may well
 * produce another true sentence), so plot questions ask what the structure can check: in which
 * act or story a plot point happens, and whom a character's plot point is about. Their true/false
 * forms swap exactly that structure (another act range, story or character), which the dataset
 * rules out; a statement with no such structure (the film's plot facts, production trivia) gets
 * no true/false question at all, since one that is always true teaches players to press True.
 *
 * Facts feed "which act/story"; characters' plot entries (often "he"/"she" sentences that repeat
 * a fact) feed "who is this about", under the topic of the fact they restate.
 */
import type { Act, Character, Fact, ProductionId, SourceRef, Spoiler } from '../../data/schema.js';
import { difficultyOf, h, harder, productionPhrase, type Context, type Prominence } from './context.js';
import { maxHorizon, trueFalsePair, unionSources, type Draft, type OptionDraft } from './draft.js';
import { plotTopic, type PlotRef } from './claims.js';
import { quotedTitle } from './render.js';
import { actLabel } from './series.js';

interface PlotItem {
  readonly ref: PlotRef;
  readonly refKey: string;
  readonly text: string;
  readonly spoiler: Spoiler;
  readonly production: ProductionId | 'all';
  readonly prominence: Prominence;
  readonly sources: readonly SourceRef[];
  readonly character?: Character;
  /** The fact it tests (see `Question.topic`): a character's entry that restates a fact shares the fact's. */
  readonly topic: string;
}

export function plotTemplates(ctx: Context): Draft[] {
  const items: PlotItem[] = [
    ...ctx.ds.facts.map(
      (f: Fact): PlotItem => ({
        ref: { factId: f.id },
        refKey: `fact:${f.id}`,
        text: f.statement,
        spoiler: f.spoiler,
        production: f.production,
        prominence: f.prominence,
        sources: f.sources,
        topic: plotTopic({ factId: f.id }),
      }),
    ),
    ...ctx.ds.characters.flatMap((c) =>
      (c.plot ?? []).map((p, index): PlotItem => {
        const restated = restatedFact(ctx.ds.facts, c.production, p.spoiler, p.text);
        return {
          ref: { characterId: c.id, index },
          refKey: `plot:${c.id}:${index}`,
          text: p.text,
          spoiler: p.spoiler,
          production: c.production,
          prominence: c.prominence,
          sources: unionSources(p.sources, c.sources),
          character: c,
          topic: plotTopic(restated ? { factId: restated.id } : { characterId: c.id, index }),
        };
      }),
    ),
  ];
  return items.flatMap((item) =>
    item.character ? whoIsIt(ctx, item, items) : [...whenRevealed(ctx, item), ...whereTrueFalse(ctx, item)],
  );
}

const STOP_WORDS = new Set(
  'a an and are as at be both but by for from he her him his in is it its of on only or she that the their them then they this to was when while who with'.split(' '),
);

/** The words that carry a sentence's meaning, crudely singular ("meets" and "meet" agree). */
function contentWords(text: string): Set<string> {
  return new Set(
    text
      .normalize('NFKC')
      .toLowerCase()
      .split(/[^\p{L}\p{N}-]+/u)
      .map((w) => w.replace(/^-+|-+$/g, ''))
      .filter((w) => w !== '' && !STOP_WORDS.has(w))
      .map((w) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w)),
  );
}

function sameSpoiler(a: Spoiler, b: Spoiler): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The fact a character's plot entry retells ("Young mocks Nam-gyu for loving old Korean songs…" is
 * both Nam-gyu's entry and a fact): one of the same production and spoiler sharing most of its words,
 * clearly ahead of any other. Undefined when no fact stands out: the entry is then its own topic.
 */
function restatedFact(facts: readonly Fact[], production: ProductionId, spoiler: Spoiler, text: string): Fact | undefined {
  const words = contentWords(text);
  const scored = facts
    .filter((f) => f.production === production && sameSpoiler(f.spoiler, spoiler))
    .map((fact) => {
      const other = contentWords(fact.statement);
      const shared = [...words].filter((w) => other.has(w)).length;
      return { fact, overlap: shared / Math.max(1, Math.min(words.size, other.size)) };
    })
    .sort((a, b) => b.overlap - a.overlap);
  const [best, second] = scored;
  if (!best || best.overlap < 0.5 || (second && best.overlap - second.overlap < 0.25)) return undefined;
  return best.fact;
}

/**
 * The first episode a series plot point can fall in. Spoiler markers give the last episode of the
 * range a point is known to fall in, so the range starts where the earliest character the
 * sentence names (among those tied to episodes) enters; with no such character, at episode 1.
 */
export function plotRangeStart(ctx: Context, text: string): number {
  const starts = ctx.ds.characters
    .filter((c) => c.production === 'series' && c.episodes && mentions(text, c))
    .map((c) => c.episodes?.[0] ?? 1);
  return starts.length > 0 ? Math.min(...starts) : 1;
}

/**
 * In which act (series) or story (novel) a plot point happens, asked only when every episode it
 * can fall in belongs to one act.
 */
function whenRevealed(ctx: Context, item: PlotItem): Draft[] {
  const horizon = h(item.spoiler);
  const base = {
    production: item.spoiler.kind === 'series' ? ('series' as const) : ('novel' as const),
    difficulty: harder(difficultyOf(item.prominence)),
    horizon,
    sources: item.sources,
  };
  if (item.spoiler.kind === 'series') {
    const episode = item.spoiler.episode;
    const acts = ctx.ds.series.acts;
    const first = Math.min(plotRangeStart(ctx, item.text), episode);
    const act = acts.find((a) => a.episodes[0] <= first && episode <= a.episodes[1]);
    if (!act) return [];
    const option = (a: (typeof acts)[number]): OptionDraft => ({
      text: actLabel(a),
      key: `act:${a.number}`,
      claim: { kind: 'plot-act', ref: item.ref, act: a.number },
      horizon: h(a.spoiler),
      tier: 0,
    });
    return [
      {
        ...base,
        kind: 'choice',
        id: `plot-act:${item.refKey}`,
        template: 'plot-act',
        prompt: `In which act of the series does this happen? “${item.text}”`,
        explanation: `Act ${act.number}, ${quotedTitle(act.titleEn, act.titleKo)}.`,
        correct: option(act),
        candidates: acts.filter((a) => a !== act).map(option),
      },
    ];
  }
  if (item.spoiler.kind === 'novel') {
    const number = item.spoiler.story;
    const stories = ctx.ds.novel.stories;
    const story = stories.find((s) => s.number === number);
    if (!story) return [];
    const option = (s: (typeof stories)[number]): OptionDraft => ({
      text: quotedTitle(s.titleEn, s.titleKo),
      key: `story:${s.number}`,
      claim: { kind: 'plot-story', ref: item.ref, story: s.number },
      horizon: h(s.spoiler),
      tier: 0,
    });
    return [
      {
        ...base,
        kind: 'choice',
        id: `plot-story:${item.refKey}`,
        template: 'plot-story',
        prompt: `In which story of the novel does this happen? “${item.text}”`,
        explanation: `In ${quotedTitle(story.titleEn, story.titleKo)}, the novel's story ${story.number}.`,
        correct: option(story),
        candidates: stories.filter((s) => s !== story).map(option),
      },
    ];
  }
  return [];
}

/** "act 1 (episodes 1–2)", "acts 3–4 (episodes 5–8)". */
function spanLabel(acts: readonly Act[]): string {
  const first = acts[0];
  const last = acts[acts.length - 1];
  if (!first || !last) return '';
  if (first === last) return actLabel(first).replace(/^Act/, 'act');
  return `acts ${first.number}–${last.number} (episodes ${first.episodes[0]}–${last.episodes[1]})`;
}

/** Runs of consecutive acts (in act order): every span a statement may name. */
function actSpans(acts: readonly Act[]): Act[][] {
  const sorted = [...acts].sort((a, b) => a.number - b.number);
  const out: Act[][] = [];
  for (let i = 0; i < sorted.length; i++) for (let j = i + 1; j <= sorted.length; j++) out.push(sorted.slice(i, j));
  return out;
}

/**
 * True/false on where a plot fact happens: in the series, the acts its episode range falls in,
 * falsified with a span of as many acts that it cannot fall in; in the novel, its story, falsified
 * with another story. Nothing for other facts (see the top of this file).
 */
function whereTrueFalse(ctx: Context, item: PlotItem): Draft[] {
  const common = {
    id: `plot-where-tf:${item.refKey}`,
    template: 'plot-where-true-false',
    difficulty: difficultyOf(item.prominence),
    sources: item.sources,
    horizon: h(item.spoiler),
    topic: item.topic,
  };
  const quote = `“${item.text}”`;
  if (item.spoiler.kind === 'series') {
    const last = item.spoiler.episode;
    const first = Math.min(plotRangeStart(ctx, item.text), last);
    const spans = actSpans(ctx.ds.series.acts);
    const range = (span: readonly Act[]): [number, number] => [span[0]?.episodes[0] ?? 0, span[span.length - 1]?.episodes[1] ?? 0];
    // The smallest span holding every episode the point can fall in.
    const truth = spans
      .filter((span) => range(span)[0] <= first && last <= range(span)[1])
      .sort((a, b) => a.length - b.length)[0];
    if (!truth) return [];
    const [tFirst, tLast] = range(truth);
    const option = (span: readonly Act[]): OptionDraft => {
      const [sFirst, sLast] = range(span);
      return {
        text: spanLabel(span),
        key: `episodes:${sFirst}-${sLast}`,
        claim: { kind: 'plot-episodes', ref: item.ref, first: sFirst, last: sLast },
        horizon: maxHorizon(...span.map((a) => h(a.spoiler))),
        // A span as wide as the true one, so that "two acts" is no tell.
        tier: span.length === truth.length ? 0 : 1,
      };
    };
    return trueFalsePair({
      ...common,
      production: 'series',
      statement: `This happens in ${spanLabel(truth)} of the series: ${quote}`,
      claim: { kind: 'plot-episodes', ref: item.ref, first: tFirst, last: tLast },
      alternatives: spans.filter((span) => range(span)[1] < first || range(span)[0] > last).map(option),
      render: (alt) => `This happens in ${alt.text} of the series: ${quote}`,
    });
  }
  if (item.spoiler.kind === 'novel') {
    const stories = ctx.ds.novel.stories;
    const number = item.spoiler.story;
    const story = stories.find((s) => s.number === number);
    if (!story) return [];
    const option = (s: (typeof stories)[number]): OptionDraft => ({
      text: quotedTitle(s.titleEn, s.titleKo),
      key: `story:${s.number}`,
      claim: { kind: 'plot-story', ref: item.ref, story: s.number },
      horizon: h(s.spoiler),
      tier: 0,
    });
    return trueFalsePair({
      ...common,
      production: 'novel',
      statement: `This happens in the novel's story ${option(story).text}: ${quote}`,
      claim: { kind: 'plot-story', ref: item.ref, story: story.number },
      alternatives: stories.filter((s) => s !== story).map(option),
      render: (alt) => `This happens in the novel's story ${alt.text}: ${quote}`,
    });
  }
  return [];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Matches a name as a whole word: "Young" must not match inside "Young-su". */
function namePattern(name: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}-])${escapeRegExp(name)}(?![\\p{L}\\p{N}-])`, 'giu');
}

function namesOf(c: Character): string[] {
  return [c.name, ...c.aliases, ...(c.hangul ? [c.hangul] : [])].filter((n) => n.length > 0).sort((a, b) => b.length - a.length);
}

function mentions(text: string, c: Character): boolean {
  return namesOf(c).some((n) => namePattern(n).test(text));
}

/** "Who is this about?" for a character's plot entry, the character's own names blanked out. */
function whoIsIt(ctx: Context, item: PlotItem, items: readonly PlotItem[]): Draft[] {
  const character = item.character;
  if (!character) return [];
  let masked = item.text;
  for (const n of namesOf(character)) masked = masked.replace(namePattern(n), '___');
  // "___ is getting older." could be said of anyone: too little to pin one character down.
  if (masked.split(/\s+/).filter((w) => w !== '___').length < 6) return [];
  const sameText = new Set(
    items.filter((i) => i.character && i.text.trim() === item.text.trim()).map((i) => i.character?.id ?? ''),
  );
  const option = (c: Character, tier: number): OptionDraft => ({
    text: ctx.characterText(c),
    key: `character:${c.id}`,
    claim: { kind: 'plot-character', ref: item.ref, characterId: c.id },
    horizon: ctx.characterAppearance(c),
    tier,
  });
  const candidates = ctx.ds.characters
    // A character named in the sentence is not who it is about, and offering it would read oddly.
    .filter((c) => c.production === character.production && c.id !== character.id && !sameText.has(c.id) && !mentions(masked, c))
    .map((c) => option(c, c.prominence === character.prominence ? 0 : 1));
  const blank = masked.includes('___');
  const production = productionPhrase(character.production);
  const prompt = blank ? `In ${production}, who is the blank? “${masked}”` : `In ${production}, whom is this about? “${masked}”`;
  const horizon = maxHorizon(h(item.spoiler), ctx.characterAppearance(character));
  const claimFor = (text: string) => (blank ? `In ${production}, the blank is ${text}: “${masked}”` : `In ${production}, this is about ${text}: “${masked}”`);
  const correct = option(character, 0);
  return [
    {
      kind: 'choice',
      id: `plot-character:${item.refKey}`,
      template: 'plot-character',
      production: character.production,
      difficulty: harder(difficultyOf(character.prominence)),
      prompt,
      horizon,
      sources: item.sources,
      explanation: item.text,
      topic: item.topic,
      correct,
      candidates,
    },
    // Without a character to swap in, only the true statement would be left: no true/false then.
    ...(candidates.length === 0
      ? []
      : trueFalsePair({
          id: `plot-character-tf:${item.refKey}`,
          template: 'plot-character-true-false',
          production: character.production,
          difficulty: difficultyOf(character.prominence),
          sources: item.sources,
          statement: claimFor(correct.text),
          claim: correct.claim,
          horizon,
          topic: item.topic,
          alternatives: candidates,
          render: (alt) => claimFor(alt.text),
        })),
  ];
}
