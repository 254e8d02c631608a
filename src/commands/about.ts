import { SlashCommandBuilder } from '@discordjs/builders';
import { MessageFlags } from 'discord.js';
import type { Command } from '../discord/command.js';
import { aboutEmbed } from '../discord/help-view.js';
import { userLang } from '../discord/lang.js';

export const about = {
  data: new SlashCommandBuilder()
    .setName('about')
    .setNameLocalization('ko', '소개')
    .setDescription('What this bot is, in a few lines (details in /help)')
    .setDescriptionLocalization('ko', '봇 소개 (자세한 설명은 /도움말)'),
  async execute(interaction) {
    // The list of commands is read when answering: index.ts lists /about itself.
    const { commands } = await import('./index.js');
    // Short and private, so it never fills a watch-party channel.
    await interaction.reply({ embeds: [aboutEmbed(commands.map((c) => c.data.toJSON()), userLang(interaction))], flags: MessageFlags.Ephemeral });
  },
} satisfies Command;
