import { REST, Routes, type RESTPutAPIApplicationCommandsResult } from 'discord.js';
import type { Config } from '../config.js';
import type { Command } from './command.js';

export interface DeployResult {
  readonly scope: 'guild' | 'global';
  readonly guildId: string | undefined;
  readonly registered: readonly { readonly id: string; readonly name: string }[];
}

/**
 * Registers every command in one bulk overwrite: in `DISCORD_GUILD_ID` when set
 * (instant, for development), otherwise globally. Uses `DISCORD_API_URL` when given.
 * @throws Error when the client ID is missing, or the discord.js REST error when Discord refuses.
 */
export async function registerCommands(config: Config, commands: readonly Command[]): Promise<DeployResult> {
  const clientId = config.discordClientId;
  if (!clientId) throw new Error('DISCORD_CLIENT_ID is required to deploy commands.');
  const rest = new REST(config.discordApiUrl ? { api: config.discordApiUrl } : {}).setToken(config.discordToken);
  const body = commands.map((c) => c.data.toJSON());
  const route = config.discordGuildId
    ? Routes.applicationGuildCommands(clientId, config.discordGuildId)
    : Routes.applicationCommands(clientId);
  const result = (await rest.put(route, { body })) as RESTPutAPIApplicationCommandsResult;
  return {
    scope: config.discordGuildId ? 'guild' : 'global',
    guildId: config.discordGuildId,
    registered: result.map((c) => ({ id: c.id, name: c.name })),
  };
}
