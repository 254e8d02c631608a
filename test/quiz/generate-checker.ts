/**
 * An independent checker for generated questions: it looks every option's claim up in the dataset
 * with its own simple lookups (no code shared with the templates) and lists what is wrong.
 */
import { horizonOf, horizonRank, type Dataset, type Horizon, type Spoiler } from '../../src/data/schema.js';
import type { Claim, GeneratedQuestion, PlotRef } from '../../src/quiz/generate.js';

export type Truth = true | false | 'unknown';

/** Lower case, letters and digits only: "Steve Sanghyun-Noh" and "steve sanghyun noh" compare equal. */
export function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

function get(root: unknown, path: string): unknown {
  let node: unknown = root;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function dateAt(ds: Dataset, path: string): string | undefined {
  if (path.startsWith('fact:')) return ds.facts.find((f) => f.id === path.slice(5))?.date;
  const value = get(ds, path);
  return typeof value === 'string' ? value : undefined;
}

function plotOf(ds: Dataset, ref: PlotRef): { text: string; spoiler: Spoiler } | undefined {
  if ('factId' in ref) {
    const fact = ds.facts.find((f) => f.id === ref.factId);
    return fact && { text: fact.statement, spoiler: fact.spoiler };
  }
  const entry = ds.characters.find((c) => c.id === ref.characterId)?.plot?.[ref.index];
  return entry && { text: entry.text, spoiler: entry.spoiler };
}

/** Whether `name` occurs in `text` as a whole word (so "Young" is not found in "Young-su"). */
export function namesWord(text: string, name: string): boolean {
  const lower = text.toLowerCase();
  const needle = name.toLowerCase();
  let from = 0;
  for (;;) {
    const i = lower.indexOf(needle, from);
    if (i < 0) return false;
    const before = lower[i - 1] ?? ' ';
    const after = lower[i + needle.length] ?? ' ';
    if (!/[\p{L}\p{N}-]/u.test(before) && !/[\p{L}\p{N}-]/u.test(after)) return true;
    from = i + 1;
  }
}

/** Episodes a series plot point may fall in: from the earliest episode-bound character it names to its marker. */
function plotEpisodes(ds: Dataset, text: string, last: number): [number, number] {
  let first = 1;
  const starts: number[] = [];
  for (const c of ds.characters) {
    if (c.production !== 'series' || !c.episodes) continue;
    if ([c.name, ...c.aliases, ...(c.hangul ? [c.hangul] : [])].some((n) => namesWord(text, n))) starts.push(c.episodes[0]);
  }
  if (starts.length > 0) first = Math.min(...starts);
  return [Math.min(first, last), last];
}

export function evaluate(ds: Dataset, claim: Claim): Truth {
  switch (claim.kind) {
    case 'role':
      return ds.roles.some((r) => r.personId === claim.personId && r.characterId === claim.characterId);
    case 'crew': {
      const credited = ds.crew.some(
        (c) =>
          c.personId === claim.personId &&
          c.production === claim.production &&
          c.job === claim.job &&
          (claim.act === undefined || c.act === claim.act),
      );
      const translator = claim.job === 'translator' && claim.production === 'novel' && ds.novel.translation.translatorId === claim.personId;
      return credited || translator;
    }
    case 'name-of': {
      const person = ds.people.find((p) => p.id === claim.personId);
      if (!person) return 'unknown';
      return [person.name, ...person.aliases].some((n) => fold(n) === fold(claim.name));
    }
    case 'hangul-of': {
      const list = claim.entity === 'person' ? ds.people : ds.characters;
      const entity = list.find((e) => e.id === claim.id);
      return entity ? entity.hangul === claim.hangul : 'unknown';
    }
    case 'description-of':
      return ds.characters.find((c) => c.id === claim.characterId)?.description === claim.description;
    case 'act-episodes': {
      const act = ds.series.acts.find((a) => a.number === claim.act);
      return act ? act.episodes[0] === claim.first && act.episodes[1] === claim.last : 'unknown';
    }
    case 'episode-in-act': {
      const act = ds.series.acts.find((a) => a.number === claim.act);
      return act ? act.episodes[0] <= claim.episode && claim.episode <= act.episodes[1] : 'unknown';
    }
    case 'act-title':
      return ds.series.acts.find((a) => a.number === claim.act)?.titleKo === claim.titleKo;
    case 'act-story':
      return ds.series.acts.find((a) => a.number === claim.act)?.story === claim.story;
    case 'story-position':
      return ds.novel.stories.find((s) => s.number === claim.position)?.titleKo === claim.titleKo;
    case 'film-story':
      return ds.film.basedOnStory === claim.story;
    case 'value': {
      const value = get(ds, claim.path);
      return value === undefined ? 'unknown' : value === claim.value;
    }
    case 'includes': {
      const value = get(ds, claim.path);
      return Array.isArray(value) ? value.includes(claim.value) : 'unknown';
    }
    case 'award-recipient': {
      const award = ds.awards.find((a) => a.id === claim.awardId);
      return award ? JSON.stringify(award.recipient) === JSON.stringify(claim.recipient) : 'unknown';
    }
    case 'award-year': {
      const award = ds.awards.find((a) => a.id === claim.awardId);
      return award ? award.year === claim.year : 'unknown';
    }
    case 'fact-date': {
      const fact = ds.facts.find((f) => f.id === claim.factId);
      return fact?.date === undefined ? 'unknown' : fact.date === claim.date;
    }
    case 'extreme-date': {
      const dates = claim.among.map((p) => dateAt(ds, p));
      const mine = dateAt(ds, claim.path);
      if (mine === undefined || dates.some((d) => d === undefined) || !claim.among.includes(claim.path)) return 'unknown';
      const others = claim.among.filter((p) => p !== claim.path).map((p) => dateAt(ds, p) as string);
      return claim.which === 'earliest' ? others.every((d) => mine < d) : others.every((d) => mine > d);
    }
    case 'plot-act': {
      const plot = plotOf(ds, claim.ref);
      const act = ds.series.acts.find((a) => a.number === claim.act);
      if (!plot || !act || plot.spoiler.kind !== 'series') return 'unknown';
      const [first, last] = plotEpisodes(ds, plot.text, plot.spoiler.episode);
      if (act.episodes[0] <= first && last <= act.episodes[1]) return true;
      if (act.episodes[1] < first || act.episodes[0] > last) return false;
      return 'unknown';
    }
    case 'plot-episodes': {
      const plot = plotOf(ds, claim.ref);
      if (!plot || plot.spoiler.kind !== 'series') return 'unknown';
      if (claim.first < 1 || claim.last > ds.series.episodeCount || claim.first > claim.last) return 'unknown';
      const [first, last] = plotEpisodes(ds, plot.text, plot.spoiler.episode);
      if (claim.first <= first && last <= claim.last) return true;
      if (claim.last < first || claim.first > last) return false;
      return 'unknown';
    }
    case 'plot-story': {
      const plot = plotOf(ds, claim.ref);
      if (!plot || plot.spoiler.kind !== 'novel') return 'unknown';
      return plot.spoiler.story === claim.story;
    }
    case 'plot-character': {
      const plot = plotOf(ds, claim.ref);
      const character = ds.characters.find((c) => c.id === claim.characterId);
      if (!plot || !character) return 'unknown';
      return (character.plot ?? []).some((p) => p.text.trim() === plot.text.trim());
    }
    case 'fact':
      return plotOf(ds, claim.ref) !== undefined ? true : 'unknown';
    case 'not': {
      const inner = evaluate(ds, claim.claim);
      return inner === 'unknown' ? 'unknown' : !inner;
    }
  }
}

/** Horizon of the records a claim names, looked up independently of the generator. */
export function claimHorizon(ds: Dataset, claim: Claim): Horizon {
  const hs: Horizon[] = ['none'];
  const person = (id: string) => ds.people.find((p) => p.id === id);
  const character = (id: string) => ds.characters.find((c) => c.id === id);
  const add = (s: Spoiler | undefined) => {
    if (s) hs.push(horizonOf(s));
  };
  switch (claim.kind) {
    case 'role':
      add(character(claim.characterId)?.spoiler);
      add(ds.roles.find((r) => r.personId === claim.personId && r.characterId === claim.characterId)?.spoiler);
      break;
    case 'plot-act':
    case 'plot-episodes':
    case 'plot-story':
    case 'fact':
      add(plotOf(ds, claim.ref)?.spoiler);
      break;
    case 'plot-character': {
      add(plotOf(ds, claim.ref)?.spoiler);
      const c = character(claim.characterId);
      add(c?.spoiler);
      if (c?.episodes) hs.push(`series-${c.episodes[0]}` as Horizon);
      break;
    }
    case 'not':
      return claimHorizon(ds, claim.claim);
    case 'crew':
    case 'name-of':
      add(person(claim.personId)?.spoiler);
      break;
    default:
      break;
  }
  return hs.reduce((a, b) => (horizonRank(b) > horizonRank(a) ? b : a));
}

/** People whose name or an alias appears in the text. */
export function peopleNamed(ds: Dataset, text: string): Set<string> {
  const folded = fold(text);
  return new Set(ds.people.filter((p) => [p.name, ...p.aliases].some((n) => folded.includes(fold(n)))).map((p) => p.id));
}

/** Every way this generated question breaks the generator's contract; empty when it is sound. */
export function problemsOf(ds: Dataset, g: GeneratedQuestion): string[] {
  const q = g.question;
  const out: string[] = [];
  const say = (msg: string) => out.push(`${q.id}: ${msg}`);
  if (q.kind === 'true-false') {
    if (JSON.stringify(q.options) !== JSON.stringify(['True', 'False'])) say(`true/false options are ${JSON.stringify(q.options)}`);
  } else if (q.options.length !== 4) say(`${q.options.length} options`);
  if (!Number.isInteger(q.answer) || q.answer < 0 || q.answer >= q.options.length) say(`answer index ${q.answer} out of range`);
  if (new Set(q.options.map(fold)).size !== q.options.length) say(`duplicate options ${JSON.stringify(q.options)}`);
  if (q.options.some((o) => fold(o) === '')) say('an empty option');
  if (g.claims.length !== q.options.length) say('claims do not match options');
  g.claims.forEach((claim, i) => {
    const truth = evaluate(ds, claim);
    if (truth === 'unknown') say(`option ${i} (${q.options[i]}) cannot be checked: ${JSON.stringify(claim)}`);
    else if (truth !== (i === q.answer)) say(`option ${i} (${q.options[i]}) is ${truth} but the answer is ${q.answer}`);
    const h = claimHorizon(ds, claim);
    if (horizonRank(h) > horizonRank(q.horizon)) say(`option ${i} needs horizon ${h}, question says ${q.horizon}`);
  });
  g.optionHorizons.forEach((h, i) => {
    if (horizonRank(h) > horizonRank(q.horizon)) say(`option ${i} horizon ${h} above question horizon ${q.horizon}`);
  });
  if (q.kind !== 'true-false') {
    // Two options must never name the same person (Noh Sang-hyun and Steve Sanghyun Noh).
    const seen = new Map<string, number>();
    q.options.forEach((o, i) => {
      for (const id of peopleNamed(ds, o)) {
        const j = seen.get(id);
        if (j !== undefined && j !== i) say(`options ${j} and ${i} both name ${id}`);
        seen.set(id, i);
      }
    });
  }
  if (q.sources.length === 0) say('no sources');
  if (q.sources.some((s) => !/^(article:\d{3}|verified:\d+)$/.test(s))) say(`bad source in ${q.sources.join(', ')}`);
  if (q.prompt.trim() === '') say('empty prompt');
  return out;
}
