/**
 * One router for every interaction the bot receives, and the single error wrapper
 * around every handler (STYLE.md habit 6).
 */
import {
  MessageFlags,
  type AutocompleteInteraction,
  type Interaction,
  type RepliableInteraction,
} from 'discord.js';
import { UserFacingError } from '../errors.js';
import { common } from '../i18n/messages/common.js';
import type { Logger } from '../logger.js';
import type { ButtonHandler, Command } from './command.js';
import type { BotContext } from './context.js';
import { interactionAgeMs, isExpiredInteraction } from './interaction.js';
import { userLang } from './lang.js';

/** Longest custom id Discord allows; anything longer is forged. */
const MAX_CUSTOM_ID = 100;

/**
 * Sends an ephemeral message whatever state the interaction is in (fresh, deferred or
 * already answered). Never throws: a failure to answer (expired token, network) is logged.
 */
export async function replyEphemeral(interaction: RepliableInteraction, content: string, logger: Logger): Promise<void> {
  try {
    if (interaction.deferred && !interaction.replied) {
      await interaction.editReply({ content, embeds: [], components: [] });
    } else if (interaction.replied) {
      await interaction.followUp({ content, flags: MessageFlags.Ephemeral });
    } else {
      await interaction.reply({ content, flags: MessageFlags.Ephemeral });
    }
  } catch (err) {
    if (isExpiredInteraction(err)) logExpired(interaction, err, logger);
    else logger.warn({ err, interactionId: interaction.id }, 'could not send an ephemeral reply');
  }
}

/**
 * One debug line for an interaction Discord no longer takes an answer to (it came too late, or
 * was answered already): nothing is wrong with the bot's state, and no second reply is tried.
 */
export function logExpired(interaction: Interaction, err: unknown, logger: Logger): void {
  const code = typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : undefined;
  logger.debug({ interactionId: interaction.id, code, ageMs: interactionAgeMs(interaction) }, 'interaction expired before its reply');
}

function describe(interaction: Interaction): Record<string, unknown> {
  return {
    interactionId: interaction.id,
    type: interaction.type,
    command: interaction.isCommand() || interaction.isAutocomplete() ? interaction.commandName : undefined,
    customId: interaction.isMessageComponent() ? interaction.customId.slice(0, MAX_CUSTOM_ID) : undefined,
    userId: interaction.user.id,
    guildId: interaction.guildId,
    channelId: interaction.channelId,
  };
}

async function respondEmpty(interaction: AutocompleteInteraction, logger: Logger): Promise<void> {
  if (interaction.responded) return;
  try {
    await interaction.respond([]);
  } catch (err) {
    logger.debug({ err, interactionId: interaction.id }, 'could not answer autocomplete');
  }
}

export interface Router {
  /** Handles one interaction; never rejects. */
  handle(interaction: Interaction): Promise<void>;
  /** Stop accepting work: later interactions get a "restarting" note. */
  close(): void;
  /** Resolves when every interaction being handled has finished. */
  drain(): Promise<void>;
}

export function createRouter(options: {
  commands: readonly Command[];
  buttons: readonly ButtonHandler[];
  ctx: BotContext;
  logger: Logger;
}): Router {
  const { ctx, logger } = options;
  const commands = new Map(options.commands.map((c) => [c.data.name, c]));
  const buttons = new Map(options.buttons.map((b) => [b.prefix, b]));
  const inFlight = new Set<Promise<void>>();
  let closing = false;

  async function dispatch(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) {
      const command = commands.get(interaction.commandName);
      if (closing || !command?.autocomplete) return respondEmpty(interaction, logger);
      try {
        await command.autocomplete(interaction, ctx);
      } catch (err) {
        logger.error({ ...describe(interaction), err }, 'autocomplete handler failed');
      }
      return respondEmpty(interaction, logger);
    }
    if (!interaction.isRepliable()) return;
    // Every answer from here is ephemeral: it follows the member's own Discord language.
    const lang = userLang(interaction);
    const t = common[lang];
    if (closing) return replyEphemeral(interaction, t.restarting, logger);

    let run: (() => Promise<void>) | undefined;
    if (interaction.isChatInputCommand()) {
      const command = commands.get(interaction.commandName);
      if (command) run = () => command.execute(interaction, ctx);
      else return replyEphemeral(interaction, t.unknownCommand({ command: interaction.commandName.slice(0, 32) }), logger);
    } else if (interaction.isButton()) {
      const id = interaction.customId;
      const handler = id.length <= MAX_CUSTOM_ID ? buttons.get(id.split(':', 1)[0] ?? '') : undefined;
      if (handler) run = () => handler.handle(interaction, ctx);
      else return replyEphemeral(interaction, t.buttonInactive, logger);
    } else {
      return replyEphemeral(interaction, t.unsupportedInteraction, logger);
    }

    try {
      await run();
    } catch (err) {
      if (isExpiredInteraction(err)) {
        logExpired(interaction, err, logger);
      } else if (err instanceof UserFacingError) {
        await replyEphemeral(interaction, err.textIn(lang), logger);
      } else {
        logger.error({ ...describe(interaction), err }, 'interaction handler failed');
        await replyEphemeral(interaction, t.genericError, logger);
      }
    }
  }

  return {
    handle(interaction) {
      const task = dispatch(interaction).catch((err: unknown) => {
        // dispatch already catches handler errors; this is the last guard for the process.
        logger.error({ ...describe(interaction), err }, 'interaction routing failed');
      });
      inFlight.add(task);
      void task.finally(() => inFlight.delete(task));
      return task;
    },
    close() {
      closing = true;
    },
    async drain() {
      await Promise.allSettled([...inFlight]);
    },
  };
}
