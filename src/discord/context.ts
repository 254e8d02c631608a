import type { Config } from '../config.js';
import type { Dataset } from '../data/schema.js';
import type { SearchIndex } from '../data/search.js';
import type { Logger } from '../logger.js';
import type { PracticeService } from '../quiz/practice.js';
import type { ReportService } from '../quiz/reports.js';
import type { QuizRunner } from '../quiz/runner.js';
import type { Clock, Rng } from '../quiz/types.js';
import type { Store } from '../store/types.js';

/**
 * Everything a handler may use, built once in `startBot` and passed explicitly
 * (STYLE.md habit 3): no globals, nothing hung on the client.
 */
export interface BotContext {
  readonly config: Config;
  readonly dataset: Dataset;
  readonly search: SearchIndex;
  readonly store: Store;
  readonly quiz: QuizRunner;
  readonly practice: PracticeService;
  readonly reports: ReportService;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly logger: Logger;
}
