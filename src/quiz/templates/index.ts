/** Every template family, in the order their questions are listed by `generateAll`. */
import type { Context } from './context.js';
import type { Draft } from './draft.js';
import { awardTemplates } from './awards.js';
import { castTemplates } from './cast.js';
import { novelTemplates } from './novel.js';
import { numberTemplates } from './numbers.js';
import { peopleTemplates } from './people.js';
import { plotTemplates } from './plot.js';
import { seriesTemplates } from './series.js';

export const TEMPLATE_FAMILIES: readonly ((ctx: Context) => Draft[])[] = [
  castTemplates,
  seriesTemplates,
  novelTemplates,
  peopleTemplates,
  numberTemplates,
  awardTemplates,
  plotTemplates,
];
