import { describe, expect, it } from 'vitest';
import { dataset } from '../../src/data/dataset.js';
import { ALL_SPOILERS, NO_SPOILERS } from '../../src/data/spoilers.js';
import { actEmbed } from '../../src/discord/lookup-view.js';

const act3 = dataset.series.acts[2];

describe('/series act: card and the spoiler cap', () => {
  it('given a cap below episode 5, act 3 says nothing of Gyu-ho, in either language', () => {
    if (!act3) throw new Error('no act 3');
    for (const lang of ['en', 'ko'] as const) {
      const text = JSON.stringify(actEmbed(dataset, act3, lang, NO_SPOILERS));
      expect(text).not.toMatch(/Gyu-ho|규호/);
    }
    expect(JSON.stringify(actEmbed(dataset, act3, 'en', { film: false, series: 4, novel: 0 }))).not.toContain('Gyu-ho');
  });

  it('given the whole series, act 3 shows its focus', () => {
    if (!act3) throw new Error('no act 3');
    expect(JSON.stringify(actEmbed(dataset, act3, 'en', ALL_SPOILERS))).toContain('Gyu-ho');
    expect(JSON.stringify(actEmbed(dataset, act3, 'en', { film: false, series: 5, novel: 0 }))).toContain('Gyu-ho');
  });
});
