import { describe, expect, it } from 'vitest';
import { commands } from '../../src/commands/index.js';
import { helpOverviewEmbed, helpTopicEmbed, renderExample } from '../../src/discord/help-view.js';
import { help, HELP_TOPICS } from '../../src/i18n/messages/help.js';

const defs = commands.map((c) => c.data.toJSON());

describe('/help examples', () => {
  it.each(HELP_TOPICS.flatMap((topic) => (['en', 'ko'] as const).flatMap((lang) => help[lang].topics[topic].examples.map((e) => [topic, lang, e.run] as const))))(
    'given the %s example in %s "%s", it names a real command, subcommand and options',
    (_topic, lang, run) => {
      expect(renderExample(defs, run, lang)).toMatch(/^`\/\S.*`$/);
    },
  );

  it('given an example naming an option that does not exist, it is not rendered', () => {
    expect(renderExample(defs, 'cast nickname:x', 'en')).toBeUndefined();
    expect(renderExample(defs, 'quiz', 'en')).toBeUndefined();
    expect(renderExample(defs, 'nosuch', 'en')).toBeUndefined();
  });

  it('given a Korean reader, names, options and choices are the ones a Korean client shows', () => {
    expect(renderExample(defs, 'quiz start rounds:10 spoilers:film', 'ko')).toBe('`/퀴즈 시작 문제수:10 스포일러:film`');
    expect(renderExample(defs, 'cast production:film', 'ko')).toBe('`/출연진 작품:영화`');
    expect(renderExample(defs, 'help command:quiz', 'ko')).toBe('`/도움말 명령어:퀴즈`');
    expect(renderExample(defs, 'fact query:when did the film come out', 'en')).toBe('`/fact query:when did the film come out`');
  });

  it.each(['en', 'ko'] as const)('given the overview and every topic in %s, each fits Discord\'s limits', (lang) => {
    for (const embed of [helpOverviewEmbed(defs, lang), ...HELP_TOPICS.map((t) => helpTopicEmbed(defs, t, lang))]) {
      expect(embed.description?.length ?? 0).toBeLessThanOrEqual(4096);
      for (const f of embed.fields ?? []) expect(f.value.length).toBeLessThanOrEqual(1024);
      const total = (embed.title ?? '').length + (embed.description ?? '').length + (embed.footer?.text.length ?? 0) + (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
      expect(total).toBeLessThanOrEqual(6000);
    }
  });
});
