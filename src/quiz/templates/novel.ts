/** Novel templates: the stories and their order, what the film adapts, the translator. */
import type { Person, Story } from '../../data/schema.js';
import { h, type Context } from './context.js';
import { maxHorizon, trueFalsePair, unionSources, type Draft, type OptionDraft } from './draft.js';
import { ordinal, ordinalWord, quotedTitle } from './render.js';

export function novelTemplates(ctx: Context): Draft[] {
  const out: Draft[] = [];
  for (const story of ctx.ds.novel.stories) out.push(...storyPosition(ctx, story));
  out.push(...filmStory(ctx));
  out.push(...translator(ctx));
  return out;
}

function storyPosition(ctx: Context, story: Story): Draft[] {
  const { stories } = ctx.ds.novel;
  const title = quotedTitle(story.titleEn, story.titleKo);
  const others = stories.filter((s) => s.number !== story.number);
  const statement = `${title} is the ${ordinalWord(story.number)} story of the novel.`;
  const storyOption = (s: Story): OptionDraft => ({
    text: quotedTitle(s.titleEn, s.titleKo),
    key: `story:${s.number}`,
    claim: { kind: 'story-position', titleKo: s.titleKo, position: story.number },
    horizon: h(s.spoiler),
    tier: 0,
  });
  const positionOption = (s: Story): OptionDraft => ({
    text: `The ${ordinal(s.number)} story`,
    key: `position:${s.number}`,
    claim: { kind: 'story-position', titleKo: story.titleKo, position: s.number },
    horizon: 'none',
    tier: 0,
  });
  const common = { production: 'novel' as const, horizon: h(story.spoiler), sources: story.sources, explanation: statement };
  return [
    {
      ...common,
      kind: 'choice',
      id: `story-at-position:${story.number}`,
      template: 'story-at-position',
      difficulty: story.number === 1 ? 'medium' : 'hard',
      prompt: `Which is the ${ordinalWord(story.number)} of the ${stories.length} stories in the novel?`,
      correct: storyOption(story),
      candidates: others.map(storyOption),
    },
    {
      ...common,
      kind: 'choice',
      id: `story-position:${story.number}`,
      template: 'story-position',
      difficulty: 'hard',
      prompt: `Where in the novel does the story ${title} come?`,
      correct: positionOption(story),
      candidates: others.map(positionOption),
    },
    ...trueFalsePair({
      id: `story-position-tf:${story.number}`,
      template: 'story-position-true-false',
      production: 'novel',
      difficulty: 'hard',
      sources: story.sources,
      statement,
      claim: { kind: 'story-position', titleKo: story.titleKo, position: story.number },
      horizon: h(story.spoiler),
      alternatives: others.map(positionOption),
      render: (alt) => `${title} is the ${ordinalWord(Number(alt.key.slice('position:'.length)))} story of the novel.`,
    }),
  ];
}

function filmStory(ctx: Context): Draft[] {
  const { film, novel } = ctx.ds;
  const story = novel.stories.find((s) => s.number === film.basedOnStory);
  if (!story) return [];
  const option = (s: Story): OptionDraft => ({
    text: quotedTitle(s.titleEn, s.titleKo),
    key: `story:${s.number}`,
    claim: { kind: 'film-story', story: s.number },
    horizon: h(s.spoiler),
    tier: 0,
  });
  const others = novel.stories.filter((s) => s.number !== story.number);
  const statement = `The film is based on ${quotedTitle(story.titleEn, story.titleKo)}, the ${ordinalWord(story.number)} story of the novel.`;
  const horizon = maxHorizon(h(film.spoiler), h(story.spoiler));
  const sources = unionSources(film.sources, story.sources);
  return [
    {
      kind: 'choice',
      id: 'film-story',
      template: 'film-story',
      production: 'film',
      difficulty: 'easy',
      prompt: 'Which story of the novel is the film based on?',
      horizon,
      sources,
      explanation: statement,
      correct: option(story),
      candidates: others.map(option),
    },
    ...trueFalsePair({
      id: 'film-story-tf',
      template: 'film-story-true-false',
      production: 'film',
      difficulty: 'medium',
      sources,
      statement: `The film is based on the novel's story ${quotedTitle(story.titleEn, story.titleKo)}.`,
      claim: { kind: 'film-story', story: story.number },
      horizon,
      alternatives: others.map(option),
      render: (alt) => `The film is based on the novel's story ${alt.text}.`,
    }),
  ];
}

/** Only when the crew list has no translator credit (crew credits get their questions in people.ts). */
function translator(ctx: Context): Draft[] {
  const { novel } = ctx.ds;
  if (ctx.ds.crew.some((c) => c.production === 'novel' && c.job === 'translator')) return [];
  const person = ctx.person(novel.translation.translatorId);
  if (!person) return [];
  const option = (p: Person, tier: number): OptionDraft => ({
    text: ctx.personText(p),
    key: `person:${p.id}`,
    claim: { kind: 'value', path: 'novel.translation.translatorId', value: p.id },
    horizon: ctx.personHorizon(p),
    tier,
  });
  return [
    {
      kind: 'choice',
      id: 'novel-translator',
      template: 'crew-person',
      production: 'novel',
      difficulty: 'medium',
      prompt: 'Who translated the novel into English?',
      horizon: ctx.personHorizon(person),
      sources: unionSources(novel.sources, person.sources),
      explanation: `${ctx.personText(person)} translated the novel into English (${novel.translation.year}).`,
      correct: option(person, 0),
      candidates: [...ctx.crewPeople, ...ctx.actors]
        .filter((p) => p.id !== person.id)
        .map((p) => option(p, ctx.crewPeople.includes(p) ? 0 : 1)),
    },
  ];
}
