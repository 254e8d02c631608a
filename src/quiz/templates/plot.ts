/**
 * Plot templates. Free text cannot be falsified safely (swapping a name in a sentence may well
 * produce another true sentence), so plot questions ask what the structure can check: in which
 * act or story a plot point happens (when that is certain), whom a character's plot point is
 * about, and true statements.
 *
 * Facts feed "which act" and true/false; characters' plot entries (often "he"/"she" sentences
 * that repeat a fact) feed "who is this about".
 */
import type { Character, Fact, ProductionId, SourceRef, Spoiler } from '../../data/schema.js';
import { difficultyOf, h, harder, productionPhrase, type Context, type Prominence } from './context.js';
import { maxHorizon, trueFalsePair, unionSources, type Draft, type OptionDraft } from './draft.js';
import type { PlotRef } from './claims.js';
import { quotedTitle } from './render.js';
import { datedEvents } from './numbers.js';
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
  /** Facts the date templates already ask about (and state true/false). */
  readonly dated: boolean;
}

export function plotTemplates(ctx: Context): Draft[] {
  const askedByDate = new Set(
    datedEvents(ctx)
      .filter((e) => e.ask && e.path.startsWith('fact:'))
      .map((e) => e.path.slice('fact:'.length)),
  );
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
        dated: askedByDate.has(f.id),
      }),
    ),
    ...ctx.ds.characters.flatMap((c) =>
      (c.plot ?? []).map(
        (p, index): PlotItem => ({
          ref: { characterId: c.id, index },
          refKey: `plot:${c.id}:${index}`,
          text: p.text,
          spoiler: p.spoiler,
          production: c.production,
          prominence: c.prominence,
          sources: unionSources(p.sources, c.sources),
          character: c,
          dated: false,
        }),
      ),
    ),
  ];
  return items.flatMap((item) => {
    if (item.character) return whoIsIt(ctx, item, items);
    const statement = item.dated
      ? []
      : trueFalsePair({
          id: `plot-tf:${item.refKey}`,
          template: 'plot-true-false',
          production: item.production,
          difficulty: difficultyOf(item.prominence),
          sources: item.sources,
          statement: item.text,
          claim: { kind: 'fact', ref: item.ref },
          horizon: h(item.spoiler),
        });
    return [...whenRevealed(ctx, item), ...statement];
  });
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
  const prompt = masked.includes('___')
    ? `In ${productionPhrase(character.production)}, who is the blank? “${masked}”`
    : `In ${productionPhrase(character.production)}, whom is this about? “${masked}”`;
  return [
    {
      kind: 'choice',
      id: `plot-character:${item.refKey}`,
      template: 'plot-character',
      production: character.production,
      difficulty: harder(difficultyOf(character.prominence)),
      prompt,
      horizon: maxHorizon(h(item.spoiler), ctx.characterAppearance(character)),
      sources: item.sources,
      explanation: item.text,
      correct: option(character, 0),
      candidates,
    },
  ];
}
