/**
 * The Next question button under a practice answer: the private message becomes a new practice
 * question with the same settings as the one answered. Only its player may press it, once.
 */
import { MessageFlags } from 'discord.js';
import type { ButtonHandler } from '../discord/command.js';
import { userLang } from '../discord/lang.js';
import { practiceRefusalText, renderPractice } from '../discord/quiz-view.js';
import { UserFacingError } from '../errors.js';
import { quizMessages } from '../i18n/messages/quiz.js';

export const practiceNextButtons = {
  prefix: 'practicenext',
  async handle(interaction, ctx) {
    const lang = userLang(interaction);
    const outcome = ctx.practice.nextButton(interaction.customId, interaction.user.id);
    if (outcome.kind !== 'next') {
      const text = outcome.kind === 'already-next' ? quizMessages[lang].practice.alreadyNext : practiceRefusalText(outcome.kind, lang);
      await interaction.reply({ content: text, flags: MessageFlags.Ephemeral });
      return;
    }
    const created = await ctx.practice.create(outcome.request);
    if (!created.ok) throw new UserFacingError(quizMessages[lang].practice.noQuestions);
    await interaction.update(renderPractice(created.view));
  },
} satisfies ButtonHandler;
