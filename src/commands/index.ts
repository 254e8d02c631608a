/**
 * Every slash command and button handler, in one static list: the router, the deploy
 * script and the tests all import it from here.
 */
import type { ButtonHandler, Command } from '../discord/command.js';
import { about } from './about.js';
import { cast } from './cast.js';
import { character } from './character.js';
import { config, resetButtons } from './config.js';
import { fact } from './fact.js';
import { film } from './film.js';
import { help } from './help.js';
import { novel } from './novel.js';
import { practiceButtons, quiz, quizButtons, quizNextButtons } from './quiz.js';
import { series } from './series.js';

export const commands: readonly Command[] = [film, series, novel, cast, character, fact, quiz, config, about, help];

export const buttons: readonly ButtonHandler[] = [quizButtons, quizNextButtons, practiceButtons, resetButtons];
