/**
 * Every slash command and button handler, in one static list: the router, the deploy
 * script and the tests all import it from here.
 */
import type { ButtonHandler, Command, ModalHandler } from '../discord/command.js';
import { about } from './about.js';
import { cast } from './cast.js';
import { character } from './character.js';
import { config, resetButtons } from './config.js';
import { fact } from './fact.js';
import { film } from './film.js';
import { help } from './help.js';
import { novel } from './novel.js';
import { practiceNextButtons } from './practice-next.js';
import { practiceButtons, quiz, quizButtons, quizNextButtons } from './quiz.js';
import { reportButtons, reportForms } from './reports.js';
import { series } from './series.js';
import { watchparty } from './watchparty.js';

export const commands: readonly Command[] = [film, series, novel, cast, character, fact, quiz, watchparty, config, about, help];

export const buttons: readonly ButtonHandler[] = [quizButtons, quizNextButtons, practiceButtons, resetButtons, practiceNextButtons, reportButtons];

export const modals: readonly ModalHandler[] = [reportForms];
