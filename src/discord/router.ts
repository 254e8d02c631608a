/**
 * One router for every interaction the bot receives, and the single error wrapper
 * around every handler (STYLE.md habit 6).
 */
import {
  ApplicationCommandOptionType,
  DiscordjsError,
  DiscordjsErrorCodes,
  DiscordjsRangeError,
  DiscordjsTypeError,
  MessageFlags,
  type AutocompleteInteraction,
  type CommandInteractionOption,
  type Interaction,
  type RepliableInteraction,
} from 'discord.js';
import { UserFacingError } from '../errors.js';
import { common } from '../i18n/messages/common.js';
import type { Logger } from '../logger.js';
import type { ButtonHandler, Command, Detached, ModalHandler } from './command.js';
import type { BotContext } from './context.js';
import { armDeferral, DEFER_AFTER_MS } from './deferral.js';
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
    if (interaction.deferred && !interaction.replied && interaction.ephemeral === false) {
      // A public placeholder ("… is thinking" for the channel): removed first, since Discord would
      // turn the first follow-up into it, public; the private answer then goes on its own.
      await interaction.deleteReply();
      await interaction.followUp({ content, flags: MessageFlags.Ephemeral });
    } else if (interaction.deferred && !interaction.replied) {
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
export function logExpired(interaction: Pick<Interaction, 'id' | 'createdTimestamp'>, err: unknown, logger: Logger): void {
  const code = typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : undefined;
  logger.debug({ interactionId: interaction.id, code, ageMs: interactionAgeMs(interaction) }, 'interaction expired before its reply');
}

function describe(interaction: Interaction): Record<string, unknown> {
  return {
    interactionId: interaction.id,
    type: interaction.type,
    command: interaction.isCommand() || interaction.isAutocomplete() ? interaction.commandName : undefined,
    customId: interaction.isMessageComponent() || interaction.isModalSubmit() ? interaction.customId.slice(0, MAX_CUSTOM_ID) : undefined,
    userId: interaction.user.id,
    guildId: interaction.guildId,
    channelId: interaction.channelId,
  };
}

/**
 * discord.js's errors for option data that does not match what the handler reads: a required
 * option missing or empty, a missing subcommand, an option of another type. Discord's client
 * never sends such payloads, so they come from a forged or broken request, not from a bug here.
 */
const MALFORMED_OPTION_CODES: ReadonlySet<string> = new Set([
  DiscordjsErrorCodes.CommandInteractionOptionNotFound,
  DiscordjsErrorCodes.CommandInteractionOptionType,
  DiscordjsErrorCodes.CommandInteractionOptionEmpty,
  DiscordjsErrorCodes.CommandInteractionOptionNoSubcommand,
  DiscordjsErrorCodes.CommandInteractionOptionNoSubcommandGroup,
  // Thrown by getChannel(name, required, channelTypes) but missing from discord.js's typings.
  'CommandInteractionOptionInvalidChannelType',
  DiscordjsErrorCodes.AutocompleteInteractionOptionNoFocusedOption,
]);

/** Longest problem text logged: option names in it come from the payload. */
const MAX_PROBLEM = 200;

/** What discord.js found wrong in the payload while a handler read it, or undefined for any other error. */
function malformedBy(err: unknown): string | undefined {
  const djs = err instanceof DiscordjsTypeError || err instanceof DiscordjsError || err instanceof DiscordjsRangeError;
  return djs && MALFORMED_OPTION_CODES.has(err.code) ? err.message.slice(0, MAX_PROBLEM) : undefined;
}

const isSubcommand = (o: CommandInteractionOption): boolean =>
  o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup;

/**
 * What is wrong with a payload Discord itself would never send, checked before any handler reads
 * it; undefined when nothing is. (Option errors are found by discord.js as the handler reads them.)
 */
function malformedPayload(interaction: Interaction): string | undefined {
  // Every interaction from a server carries the member and their permissions in the channel;
  // handlers rely on them to decide who may do what.
  if (interaction.guildId !== null && interaction.member === null) return 'member is missing';
  if (interaction.guildId !== null && interaction.memberPermissions === null) return 'member.permissions is missing';
  if (interaction.isChatInputCommand() || interaction.isAutocomplete()) {
    let options = interaction.options.data;
    for (let depth = 0; depth < 2; depth += 1) {
      const first = options[0];
      if (first === undefined || !isSubcommand(first)) break;
      if (first.name === '') return 'empty subcommand name';
      options = first.options ?? [];
    }
  }
  return undefined;
}

/**
 * One warning line for a malformed interaction: which one, and what was wrong. No stack: the
 * fault is in the payload, and a fuzzer or a broken client must not flood the log with traces.
 */
function logMalformed(interaction: Interaction, problem: string, logger: Logger): void {
  logger.warn(
    {
      interactionId: interaction.id,
      command: interaction.isCommand() || interaction.isAutocomplete() ? interaction.commandName.slice(0, 32) : undefined,
      customId: interaction.isMessageComponent() || interaction.isModalSubmit() ? interaction.customId.slice(0, MAX_CUSTOM_ID) : undefined,
      userId: interaction.user.id,
      guildId: interaction.guildId,
      problem,
    },
    'malformed interaction',
  );
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
  modals: readonly ModalHandler[];
  ctx: BotContext;
  logger: Logger;
  /** When a handler's first answer is deferred for it (see deferral.ts). */
  deferAfterMs?: number;
}): Router {
  const { ctx, logger } = options;
  const deferAfterMs = options.deferAfterMs ?? DEFER_AFTER_MS;
  const commands = new Map(options.commands.map((c) => [c.data.name, c]));
  const buttons = new Map(options.buttons.map((b) => [b.prefix, b]));
  const modals = new Map(options.modals.map((m) => [m.prefix, m]));
  const inFlight = new Set<Promise<void>>();
  let closing = false;

  async function dispatch(interaction: Interaction): Promise<void> {
    const malformed = malformedPayload(interaction);
    if (interaction.isAutocomplete()) {
      const command = commands.get(interaction.commandName);
      if (closing || !command?.autocomplete) return respondEmpty(interaction, logger);
      if (malformed !== undefined) {
        logMalformed(interaction, malformed, logger);
        return respondEmpty(interaction, logger);
      }
      try {
        await command.autocomplete(interaction, ctx);
      } catch (err) {
        const problem = malformedBy(err);
        if (problem !== undefined) logMalformed(interaction, problem, logger);
        else logger.error({ ...describe(interaction), err }, 'autocomplete handler failed');
      }
      return respondEmpty(interaction, logger);
    }
    if (!interaction.isRepliable()) return;
    // Every answer from here is ephemeral: it follows the member's own Discord language.
    const lang = userLang(interaction);
    const t = common[lang];
    if (closing) return replyEphemeral(interaction, t.restarting, logger);
    if (malformed !== undefined) {
      logMalformed(interaction, malformed, logger);
      return replyEphemeral(interaction, t.genericError, logger);
    }

    let run: (() => Promise<void | Detached>) | undefined;
    let disarm: () => void = () => {};
    if (interaction.isChatInputCommand()) {
      const command = commands.get(interaction.commandName);
      if (command) {
        run = () => command.execute(interaction, ctx);
        disarm = armDeferral(interaction, command.publicReply?.(interaction) ?? false, logger, deferAfterMs);
      } else return replyEphemeral(interaction, t.unknownCommand({ command: interaction.commandName.slice(0, 32) }), logger);
    } else if (interaction.isButton()) {
      const id = interaction.customId;
      const handler = id.length <= MAX_CUSTOM_ID ? buttons.get(id.split(':', 1)[0] ?? '') : undefined;
      if (handler) run = () => handler.handle(interaction, ctx);
      else return replyEphemeral(interaction, t.buttonInactive, logger);
    } else if (interaction.isModalSubmit()) {
      // A form the bot no longer offers (or a forged one) gets a note, never a silent "interaction failed".
      const id = interaction.customId;
      const handler = id.length <= MAX_CUSTOM_ID ? modals.get(id.split(':', 1)[0] ?? '') : undefined;
      if (handler) {
        run = () => handler.handle(interaction, ctx);
        disarm = armDeferral(interaction, false, logger, deferAfterMs);
      } else return replyEphemeral(interaction, t.formInactive, logger);
    } else {
      return replyEphemeral(interaction, t.unsupportedInteraction, logger);
    }

    try {
      const detached = await run();
      // The interaction is let go here; the answer it waits for still counts as work in flight.
      if (detached) track(detached.settled);
    } catch (err) {
      disarm();
      const problem = malformedBy(err);
      if (isExpiredInteraction(err)) {
        logExpired(interaction, err, logger);
      } else if (err instanceof UserFacingError) {
        await replyEphemeral(interaction, err.textIn(lang), logger);
      } else if (problem !== undefined) {
        logMalformed(interaction, problem, logger);
        await replyEphemeral(interaction, t.genericError, logger);
      } else {
        logger.error({ ...describe(interaction), err }, 'interaction handler failed');
        await replyEphemeral(interaction, t.genericError, logger);
      }
    } finally {
      disarm();
    }
  }

  function track(task: Promise<void>): void {
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  }

  return {
    handle(interaction) {
      const task = dispatch(interaction).catch((err: unknown) => {
        // dispatch already catches handler errors; this is the last guard for the process.
        logger.error({ ...describe(interaction), err }, 'interaction routing failed');
      });
      track(task);
      return task;
    },
    close() {
      closing = true;
    },
    async drain() {
      // An interaction finishing may leave a detached answer in flight: wait until none is left.
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
