/** Series templates: each act's director, episodes, title and source story, in both directions. */
import type { Act, Person } from '../../data/schema.js';
import { h, type Context } from './context.js';
import { maxHorizon, trueFalsePair, unionSources, type Draft, type OptionDraft } from './draft.js';
import { ordinalWord, quotedTitle } from './render.js';

export function actLabel(act: Act): string {
  return `Act ${act.number} (episodes ${act.episodes[0]}–${act.episodes[1]})`;
}

export function seriesTemplates(ctx: Context): Draft[] {
  const { acts } = ctx.ds.series;
  const out: Draft[] = [];
  for (const act of acts) {
    out.push(...actDirector(ctx, act));
    out.push(...actEpisodes(ctx, act));
    out.push(...actTitle(ctx, act));
    out.push(...actStory(ctx, act));
  }
  for (let episode = 1; episode <= ctx.ds.series.episodeCount; episode++) {
    const d = episodeAct(ctx, episode);
    if (d) out.push(d);
  }
  return out;
}

function actOption(act: Act, claim: OptionDraft['claim']): OptionDraft {
  return { text: actLabel(act), key: `act:${act.number}`, claim, horizon: h(act.spoiler), tier: 0 };
}

function directorsOf(ctx: Context, act: number): string[] {
  return ctx.ds.crew.filter((c) => c.job === 'act-director' && c.act === act).map((c) => c.personId);
}

function actDirector(ctx: Context, act: Act): Draft[] {
  const credit = ctx.ds.crew.find((c) => c.job === 'act-director' && c.act === act.number);
  const person = credit && ctx.person(credit.personId);
  if (!credit || !person) return [];
  const holders = new Set(directorsOf(ctx, act.number));
  const horizon = maxHorizon(h(act.spoiler), h(credit.spoiler), ctx.personHorizon(person));
  const sources = unionSources(act.sources, credit.sources, person.sources);
  const personOption = (p: Person, tier: number): OptionDraft => ({
    text: ctx.personText(p),
    key: `person:${p.id}`,
    claim: { kind: 'crew', personId: p.id, production: 'series', job: 'act-director', act: act.number },
    horizon: ctx.personHorizon(p),
    tier,
  });
  const isActDirector = (p: Person) => ctx.crewOfPerson(p.id).some((c) => c.job === 'act-director');
  const statement = `${ctx.personText(person)} directed act ${act.number} of the series.`;
  const otherActs = ctx.ds.series.acts.filter((a) => !directorsOf(ctx, a.number).includes(person.id));
  const out: Draft[] = [
    {
      kind: 'choice',
      id: `act-director:${act.number}`,
      template: 'act-director',
      production: 'series',
      difficulty: 'medium',
      prompt: `Who directed act ${act.number} of the series, ${quotedTitle(act.titleEn, act.titleKo)}?`,
      horizon,
      sources,
      explanation: statement,
      correct: personOption(person, 0),
      candidates: ctx.crewPeople
        .filter((p) => !holders.has(p.id))
        .map((p) => personOption(p, isActDirector(p) ? 0 : 1)),
    },
    {
      kind: 'choice',
      id: `director-act:${person.id}`,
      template: 'director-act',
      production: 'series',
      difficulty: 'medium',
      prompt: `Which act of the series did ${ctx.personText(person)} direct?`,
      horizon,
      sources,
      explanation: statement,
      correct: actOption(act, { kind: 'crew', personId: person.id, production: 'series', job: 'act-director', act: act.number }),
      candidates: otherActs.map((a) =>
        actOption(a, { kind: 'crew', personId: person.id, production: 'series', job: 'act-director', act: a.number }),
      ),
    },
    ...trueFalsePair({
      id: `act-director-tf:${act.number}`,
      template: 'act-director-true-false',
      production: 'series',
      difficulty: 'medium',
      sources,
      statement,
      claim: { kind: 'crew', personId: person.id, production: 'series', job: 'act-director', act: act.number },
      horizon,
      alternatives: otherActs.map((a) =>
        actOption(a, { kind: 'crew', personId: person.id, production: 'series', job: 'act-director', act: a.number }),
      ),
      render: (alt) => `${ctx.personText(person)} directed act ${alt.key.slice('act:'.length)} of the series.`,
    }),
  ];
  return out;
}

function episodesText(first: number, last: number): string {
  return first === last ? `Episode ${first}` : `Episodes ${first}–${last}`;
}

function actEpisodes(ctx: Context, act: Act): Draft[] {
  const [first, last] = act.episodes;
  const others = ctx.ds.series.acts.filter((a) => a.episodes[0] !== first || a.episodes[1] !== last);
  return [
    {
      kind: 'choice',
      id: `act-episodes:${act.number}`,
      template: 'act-episodes',
      production: 'series',
      difficulty: 'easy',
      prompt: `Which episodes make up act ${act.number} of the series?`,
      horizon: h(act.spoiler),
      sources: act.sources,
      explanation: `Act ${act.number} is ${episodesText(first, last).toLowerCase()}.`,
      correct: {
        text: episodesText(first, last),
        key: `episodes:${first}-${last}`,
        claim: { kind: 'act-episodes', act: act.number, first, last },
        horizon: h(act.spoiler),
        tier: 0,
      },
      candidates: others.map((a) => ({
        text: episodesText(a.episodes[0], a.episodes[1]),
        key: `episodes:${a.episodes[0]}-${a.episodes[1]}`,
        claim: { kind: 'act-episodes' as const, act: act.number, first: a.episodes[0], last: a.episodes[1] },
        horizon: h(a.spoiler),
        tier: 0,
      })),
    },
  ];
}

function episodeAct(ctx: Context, episode: number): Draft | undefined {
  const acts = ctx.ds.series.acts;
  const containing = acts.filter((a) => a.episodes[0] <= episode && episode <= a.episodes[1]);
  const act = containing[0];
  if (!act || containing.length !== 1) return undefined;
  return {
    kind: 'choice',
    id: `episode-act:${episode}`,
    template: 'episode-act',
    production: 'series',
    difficulty: 'easy',
    prompt: `Which act of the series does episode ${episode} belong to?`,
    horizon: h(act.spoiler),
    sources: act.sources,
    explanation: `Episode ${episode} is part of act ${act.number}, ${quotedTitle(act.titleEn, act.titleKo)}.`,
    correct: actOption(act, { kind: 'episode-in-act', episode, act: act.number }),
    candidates: acts.filter((a) => a !== act).map((a) => actOption(a, { kind: 'episode-in-act', episode, act: a.number })),
  };
}

function actTitle(ctx: Context, act: Act): Draft[] {
  const acts = ctx.ds.series.acts;
  const title = quotedTitle(act.titleEn, act.titleKo);
  const others = acts.filter((a) => a.titleKo !== act.titleKo);
  const titleOption = (a: Act): OptionDraft => ({
    text: quotedTitle(a.titleEn, a.titleKo),
    key: `title:${a.titleKo}`,
    claim: { kind: 'act-title', act: act.number, titleKo: a.titleKo },
    horizon: h(a.spoiler),
    tier: 0,
  });
  const statement = `Act ${act.number} of the series is titled ${title}.`;
  return [
    {
      kind: 'choice',
      id: `act-title:${act.number}`,
      template: 'act-title',
      production: 'series',
      difficulty: 'medium',
      prompt: `What is the title of act ${act.number} of the series?`,
      horizon: h(act.spoiler),
      sources: act.sources,
      explanation: statement,
      correct: titleOption(act),
      candidates: others.map(titleOption),
    },
    {
      kind: 'choice',
      id: `title-act:${act.number}`,
      template: 'title-act',
      production: 'series',
      difficulty: 'medium',
      prompt: `Which act of the series is titled ${title}?`,
      horizon: h(act.spoiler),
      sources: act.sources,
      explanation: statement,
      correct: actOption(act, { kind: 'act-title', act: act.number, titleKo: act.titleKo }),
      candidates: others.map((a) => actOption(a, { kind: 'act-title', act: a.number, titleKo: act.titleKo })),
    },
    ...trueFalsePair({
      id: `act-title-tf:${act.number}`,
      template: 'act-title-true-false',
      production: 'series',
      difficulty: 'medium',
      sources: act.sources,
      statement,
      claim: { kind: 'act-title', act: act.number, titleKo: act.titleKo },
      horizon: h(act.spoiler),
      alternatives: others.map(titleOption),
      render: (alt) => `Act ${act.number} of the series is titled ${alt.text}.`,
    }),
  ];
}

function actStory(ctx: Context, act: Act): Draft[] {
  const { stories } = ctx.ds.novel;
  const story = stories.find((s) => s.number === act.story);
  if (!story) return [];
  const storyOption = (s: (typeof stories)[number]): OptionDraft => ({
    text: quotedTitle(s.titleEn, s.titleKo),
    key: `story:${s.number}`,
    claim: { kind: 'act-story', act: act.number, story: s.number },
    horizon: h(s.spoiler),
    tier: 0,
  });
  const horizon = maxHorizon(h(act.spoiler), h(story.spoiler));
  const sources = unionSources(act.sources, story.sources);
  const statement = `Act ${act.number} of the series adapts the novel's ${ordinalWord(story.number)} story, ${quotedTitle(story.titleEn, story.titleKo)}.`;
  const out: Draft[] = [
    {
      kind: 'choice',
      id: `act-story:${act.number}`,
      template: 'act-story',
      production: 'series',
      // Acts 2–4 share their story's title; act 1 does not, which makes it the real question.
      difficulty: act.titleKo === story.titleKo ? 'easy' : 'medium',
      prompt: `Which story of the novel does act ${act.number} of the series adapt?`,
      horizon,
      sources,
      explanation: statement,
      correct: storyOption(story),
      candidates: stories.filter((s) => s.number !== story.number).map(storyOption),
    },
  ];
  const adapting = ctx.ds.series.acts.filter((a) => a.story === story.number);
  if (adapting.length === 1) {
    out.push({
      kind: 'choice',
      id: `story-act:${story.number}`,
      template: 'story-act',
      production: 'series',
      difficulty: act.titleKo === story.titleKo ? 'easy' : 'medium',
      prompt: `Which act of the series adapts the novel's story ${quotedTitle(story.titleEn, story.titleKo)}?`,
      horizon,
      sources,
      explanation: statement,
      correct: actOption(act, { kind: 'act-story', act: act.number, story: story.number }),
      candidates: ctx.ds.series.acts
        .filter((a) => a.story !== story.number)
        .map((a) => actOption(a, { kind: 'act-story', act: a.number, story: story.number })),
    });
  }
  return out;
}
