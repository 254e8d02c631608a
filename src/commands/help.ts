import { SlashCommandBuilder } from '@discordjs/builders';
import { MessageFlags } from 'discord.js';
import type { Command } from '../discord/command.js';
import { helpOverviewEmbed, helpTopicEmbed } from '../discord/help-view.js';
import { userLang } from '../discord/lang.js';
import { help as messages, HELP_TOPICS, type HelpTopic } from '../i18n/messages/help.js';

const isTopic = (value: string | null): value is HelpTopic => value !== null && (HELP_TOPICS as readonly string[]).includes(value);

/** The registered commands' definitions, read when answering: the list in index.ts includes /help itself. */
async function definitions() {
  const { commands } = await import('./index.js');
  return commands.map((c) => c.data.toJSON());
}

export const help = {
  data: new SlashCommandBuilder()
    .setName('help')
    .setNameLocalization('ko', messages.ko.names.help)
    .setDescription(messages.en.definition.description)
    .setDescriptionLocalization('ko', messages.ko.definition.description)
    .addStringOption((o) =>
      o
        .setName(messages.en.definition.option)
        .setNameLocalization('ko', messages.ko.definition.option)
        .setDescription(messages.en.definition.optionDescription)
        .setDescriptionLocalization('ko', messages.ko.definition.optionDescription)
        .addChoices(...HELP_TOPICS.map((topic) => ({ name: messages.en.names[topic], name_localizations: { ko: messages.ko.names[topic] }, value: topic }))),
    ),
  async execute(interaction) {
    const lang = userLang(interaction);
    const topic = interaction.options.getString(messages.en.definition.option);
    const defs = await definitions();
    const embed = isTopic(topic) ? helpTopicEmbed(defs, topic, lang) : helpOverviewEmbed(defs, lang);
    // Help is for the one who asked: it stays out of the channel.
    await interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral });
  },
} satisfies Command;
