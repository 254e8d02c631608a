/**
 * `npm run playground`: the real bot against the local Discord simulator, in a terminal.
 *
 * Starts the simulator with a demo server ("Big City Fans": members you, alice, bob; channels
 * #general and #quiz), registers the commands as `npm run deploy` does, starts the bot on a
 * temporary SQLite file, then reads lines: slash commands (`/cast name:jae`), button labels
 * (`B`, `True`), `as bob`, `in #quiz`, `dm`, `guild`, `help`, `quit`. Every message and edit the
 * bot sends that the current member can see is printed as text as it arrives. No Discord
 * account or token is needed; nothing leaves 127.0.0.1.
 *
 * The core ({@link startPlayground}) takes a line at a time and writes to a sink, so tests drive
 * it without a terminal; {@link runPlayground} wraps it in a readline loop.
 */
import { clearLine, createInterface, cursorTo } from 'node:readline';
import { pathToFileURL } from 'node:url';
import type { RunningBot } from '../src/bot.js';
import { createLogger, type Logger } from '../src/logger.js';
import type { QuizTimings } from '../src/quiz/runner.js';
import type { Scheduler } from '../src/quiz/scheduler.js';
import type { Clock } from '../src/quiz/types.js';
import {
  parseSlashCommand,
  SimulatorUsageError,
  type GuildSpec,
  type InteractionHandle,
  type OpenApiValidator,
  type SimMessage,
  type Simulator,
  type Violation,
} from '../test/sim/index.js';
import { humanizeDiscordText, type NameLookup } from './lib/discord-text.js';
import { startSimBot, type SimBot } from './lib/sim-bot.js';

export const DEMO_GUILD: GuildSpec = {
  name: 'Big City Fans',
  owner: 'you',
  members: [{ username: 'you' }, { username: 'alice' }, { username: 'bob' }],
  channels: [{ name: 'general', topic: 'Chat about Love in the Big City' }, { name: 'quiz', topic: 'Quiz nights' }],
};

/** Short enough to play at a keyboard, long enough to read the reveal. */
export const PLAYGROUND_TIMINGS: Partial<QuizTimings> = { introMs: 3_000, revealPauseMs: 4_000 };

export interface PlaygroundOptions {
  /** Where every line of output goes (one call per line, without the newline). */
  readonly print: (line: string) => void;
  readonly logger: Logger;
  readonly timings?: Partial<QuizTimings>;
  /** Quiz timers on a manual clock (tests); default the real clock and timers. */
  readonly clock?: Clock;
  readonly scheduler?: Scheduler;
  readonly validator?: OpenApiValidator;
  /** How long a typed command or click waits for the bot's reply before saying so. Default 5,000 ms. */
  readonly replyTimeoutMs?: number;
}

export type LineResult = 'continue' | 'quit';

export interface Playground {
  readonly sim: Simulator;
  readonly bot: RunningBot;
  /** The temporary SQLite database (`sqlite://…`), deleted by {@link Playground.close}. */
  readonly databaseUrl: string;
  /** The member you are acting as. */
  readonly member: string;
  /** Where commands go: `#general`, `#quiz` or `DM`. */
  readonly place: string;
  /** The prompt to show before each line: `you in #general> `. */
  prompt(): string;
  /** Handles one typed line; resolves once the bot has answered it (or failed to). Never rejects. */
  handleLine(line: string): Promise<LineResult>;
  /** Stops the bot, closes the simulator, deletes the temporary database. Safe to call twice. */
  close(): Promise<void>;
}

type Place = { readonly kind: 'guild'; readonly channel: string } | { readonly kind: 'dm' };

/**
 * Starts the simulator and the bot and returns the line handler.
 * @throws Error when the simulator or the bot cannot start (e.g. Discord's OpenAPI description is missing).
 */
export async function startPlayground(options: PlaygroundOptions): Promise<Playground> {
  const running: SimBot = await startSimBot({
    guilds: [DEMO_GUILD],
    logger: options.logger,
    timings: options.timings ?? PLAYGROUND_TIMINGS,
    tempPrefix: 'bigcity-playground-',
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.scheduler ? { scheduler: options.scheduler } : {}),
    ...(options.validator ? { validator: options.validator } : {}),
  });
  try {
    return attach(running, options);
  } catch (err) {
    await running.close();
    throw err;
  }
}

/** Wires the line handler and the message printer to a running simulator and bot. */
function attach(running: SimBot, options: PlaygroundOptions): Playground {
  const { print } = options;
  const { sim, bot } = running;
  const replyTimeoutMs = options.replyTimeoutMs ?? 5_000;
  const now = (): number => options.clock?.now() ?? Date.now();

  const guild = sim.guild(DEMO_GUILD.name);
  const usernames = Object.keys(guild.members).filter((name) => guild.members[name] !== sim.applicationId);
  const channelNames = Object.keys(guild.channels);
  const byId = (record: Readonly<Record<string, string>>): Map<string, string> => new Map(Object.entries(record).map(([name, id]) => [id, name]));
  const userNames = byId(guild.members);
  const roleNames = byId(guild.roles);
  const channelById = byId(guild.channels);
  // Created up front so that deciding whether a DM is yours never creates one.
  const dmOwner = new Map(usernames.map((name) => [sim.dmChannelId(name), name]));
  const names: NameLookup = {
    user: (id) => userNames.get(id),
    role: (id) => roleNames.get(id),
    channel: (id) => channelById.get(id),
  };

  let member = 'you';
  let place: Place = { kind: 'guild', channel: 'general' };
  let lastGuildChannel = 'general';
  let lastHeader: string | undefined;
  const shown = new Map<string, string>();
  let closed = false;

  const placeLabel = (p: Place = place): string => (p.kind === 'dm' ? 'DM' : `#${p.channel}`);
  const channelIdOf = (p: Place): string => (p.kind === 'dm' ? sim.dmChannelId(member) : sim.channelId(DEMO_GUILD.name, p.channel));
  const headerOf = (m: SimMessage): string => {
    const dm = dmOwner.get(m.channelId);
    if (dm !== undefined) return `── DM between ${dm} and the bot ──`;
    return `── #${channelById.get(m.channelId) ?? m.channelId} (${DEMO_GUILD.name}) ──`;
  };
  const visible = (m: SimMessage): boolean => {
    const me = sim.userId(member);
    if (m.deleted || m.loading) return false;
    if (m.ephemeral && m.visibleTo !== me) return false;
    if (m.guildId === null) return dmOwner.get(m.channelId) === member;
    return m.guildId === guild.id;
  };

  const show = (m: SimMessage): void => {
    if (closed || !visible(m)) return;
    const text = humanizeDiscordText(sim.renderMessage(m), names, now());
    if (shown.get(m.id) === text) return;
    shown.set(m.id, text);
    const header = headerOf(m);
    if (header !== lastHeader) {
      print(header);
      lastHeader = header;
    }
    for (const line of text.split('\n')) print(line);
    print('');
  };
  const onViolation = (v: Violation): void => {
    const detail = v.errors.map((e) => `${e.path === '' ? '(body)' : e.path}: ${e.message}`).join('; ');
    print(`⚠ simulator: the bot sent ${v.method.toUpperCase()} ${v.route}, which Discord would refuse (${v.kind}): ${detail}`);
  };
  sim.on('message', show);
  sim.on('messageUpdate', show);
  sim.on('violation', onViolation);

  print(`Playground: a simulated Discord server "${DEMO_GUILD.name}" with the real bot (temporary database, nothing leaves this machine).`);
  print(`Members: ${usernames.join(', ')} · channels: ${channelNames.map((c) => `#${c}`).join(', ')} · commands: ${running.registered.map((c) => `/${c}`).join(' ')}`);
  print(`You are ${member} in ${placeLabel()}. Type help for everything you can do, quit (or Ctrl-D) to leave.`);
  print('');

  const registered = (): Record<string, unknown>[] => sim.commands();

  function helpText(): string[] {
    const lines = [
      'Slash commands (as the current member, in the current channel):',
      ...registered().flatMap((c) => describeCommand(c)),
      '  Add ? at the end to see the autocomplete suggestions instead: /cast name:jae?   /fact query:tif?',
      '',
      'Buttons: type a button label (A, B, C, D, True, False…, or the start of a longer one) to press it',
      '  on the latest message in this channel that has buttons you can press.',
      '',
      'Playground:',
      `  as <member>          act as another member (${usernames.join(', ')})`,
      `  in #<channel>        move to a channel (${channelNames.map((c) => `#${c}`).join(', ')})`,
      '  dm                   talk to the bot in your DMs',
      '  guild                back to the server (the channel you were in)',
      '  where                who and where you are',
      '  help                 this list',
      '  quit / exit / Ctrl-D stop the bot and the simulator, delete the temporary database',
    ];
    return lines;
  }

  async function waitFor(handle: InteractionHandle, what: string): Promise<void> {
    try {
      await handle.waitForReply({ timeoutMs: replyTimeoutMs });
    } catch (err) {
      if (closed) return;
      const message = err instanceof Error ? err.message.split('\n')[0] ?? '' : String(err);
      if (handle.failed) print(`⚠ The bot did not answer ${what} within 3 seconds: Discord would show "This interaction failed".`);
      else print(`⚠ No reply to ${what} yet (${message}).`);
    }
  }

  async function slash(text: string): Promise<void> {
    const wantsSuggestions = text.trimEnd().endsWith('?');
    const parsed = parseSlashCommand(wantsSuggestions ? text.trimEnd().slice(0, -1) : text);
    const root = parsed.name.split(' ')[0] ?? '';
    const known = registered().map((c) => String(c['name']));
    if (!known.includes(root)) {
      print(`✗ Unknown command /${root}. Commands: ${known.map((c) => `/${c}`).join(' ')} (help shows their options).`);
      return;
    }
    const where = place.kind === 'dm' ? { dm: true as const } : { channelId: channelIdOf(place) };
    if (wantsSuggestions) {
      const keys = Object.keys(parsed.options);
      const focused = keys.at(-1);
      if (focused === undefined) {
        print(`✗ Type the option you want suggestions for, e.g. /${root} ${root === 'fact' ? 'query' : 'name'}:jae?`);
        return;
      }
      const { [focused]: value = '', ...others } = parsed.options;
      const choices = await sim.autocomplete({ ...where, userId: member, name: parsed.name, options: others, focused, value });
      print(
        choices.length === 0
          ? `(no suggestions for ${focused}:${JSON.stringify(value)})`
          : `Suggestions for ${focused}:${JSON.stringify(value)}: ${choices.map((c) => c.name).join(' · ')}`,
      );
      print('');
      return;
    }
    const handle = sim.command({ ...where, userId: member, name: parsed.name, options: parsed.options });
    await waitFor(handle, `/${parsed.name}`);
  }

  /** The latest message here with a button the current member can press. */
  function latestWithButtons(): { message: SimMessage; labels: string[] } | undefined {
    const messages = sim.messages(channelIdOf(place), { viewer: member });
    for (let i = messages.length - 1; i >= 0; i--) {
      const m = messages[i];
      if (m === undefined || m.loading) continue;
      const labels = sim
        .buttons(m.id)
        .filter((b) => !b.disabled && b.customId !== null && b.label !== null)
        .map((b) => b.label as string);
      if (labels.length > 0) return { message: m, labels };
    }
    return undefined;
  }

  async function press(text: string): Promise<void> {
    const target = latestWithButtons();
    if (target === undefined) {
      print(`✗ "${text}" is not a playground command, and there is no button to press in ${placeLabel()}. Type help.`);
      return;
    }
    const wanted = text.toLowerCase();
    // The exact label, or the start of a long one ("reset" for "Reset all-time leaderboard") when only one fits.
    const prefixed = wanted.length >= 2 ? target.labels.filter((l) => l.toLowerCase().startsWith(wanted)) : [];
    const label = target.labels.find((l) => l.toLowerCase() === wanted) ?? (prefixed.length === 1 ? prefixed[0] : undefined);
    if (label === undefined) {
      print(`✗ "${text}" is neither a playground command nor a button here. The latest buttons in ${placeLabel()}: ${target.labels.join(', ')}. Type help.`);
      return;
    }
    const handle = sim.click({ messageId: target.message.id, userId: member, label });
    // A form (a Report button's) opens a window on Discord: there is nothing to type it into here.
    const first = await handle.response.catch(() => undefined);
    if (first?.type === 9) {
      print(`The bot opened a form, "${String(first.data?.['title'] ?? '')}". Forms cannot be filled in in the playground; on Discord a window opens.`);
      return;
    }
    await waitFor(handle, `your click on ${label}`);
  }

  async function handle(line: string): Promise<LineResult> {
    const text = line.trim();
    if (text === '') return 'continue';
    const lower = text.toLowerCase();
    if (lower === 'quit' || lower === 'exit') return 'quit';
    if (lower === 'help' || lower === '?') {
      for (const l of helpText()) print(l);
      print('');
      return 'continue';
    }
    if (lower === 'where' || lower === 'whoami') {
      print(`You are ${member} in ${placeLabel()}.`);
      return 'continue';
    }
    if (text.startsWith('/')) {
      await slash(text);
      return 'continue';
    }
    const as = /^as\s+@?(\S+)$/i.exec(text);
    if (as) {
      const wanted = (as[1] ?? '').toLowerCase();
      const found = usernames.find((u) => u.toLowerCase() === wanted);
      if (found === undefined) {
        print(`✗ No member named ${as[1] ?? ''}. Members: ${usernames.join(', ')}.`);
        return 'continue';
      }
      member = found;
      print(`You are now ${member} in ${placeLabel()}.`);
      return 'continue';
    }
    const inChannel = /^(?:in|go|cd)\s+#?(\S+)$/i.exec(text);
    if (inChannel) {
      const wanted = (inChannel[1] ?? '').toLowerCase();
      const found = channelNames.find((c) => c.toLowerCase() === wanted);
      if (found === undefined) {
        print(`✗ No channel #${inChannel[1] ?? ''}. Channels: ${channelNames.map((c) => `#${c}`).join(', ')} (or dm).`);
        return 'continue';
      }
      place = { kind: 'guild', channel: found };
      lastGuildChannel = found;
      print(`${member} is now in #${found}.`);
      return 'continue';
    }
    if (lower === 'dm') {
      place = { kind: 'dm' };
      print(`${member} is now in a DM with the bot.`);
      return 'continue';
    }
    if (lower === 'guild' || lower === 'server') {
      place = { kind: 'guild', channel: lastGuildChannel };
      print(`${member} is back in #${lastGuildChannel} (${DEMO_GUILD.name}).`);
      return 'continue';
    }
    await press(text);
    return 'continue';
  }

  return {
    sim,
    bot,
    databaseUrl: running.databaseUrl,
    get member() {
      return member;
    },
    get place() {
      return placeLabel();
    },
    prompt: () => `${member} in ${placeLabel()}> `,
    async handleLine(line) {
      if (closed) return 'quit';
      try {
        return await handle(line);
      } catch (err) {
        if (err instanceof SimulatorUsageError) print(`✗ ${err.message}`);
        else print(`✗ Something went wrong in the playground: ${err instanceof Error ? err.message : String(err)}`);
        return 'continue';
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      sim.off('message', show);
      sim.off('messageUpdate', show);
      sim.off('violation', onViolation);
      await running.close();
    },
  };
}

/** One or more help lines for a registered command definition: `/quiz start [rounds] [seconds] …`. */
export function describeCommand(definition: Record<string, unknown>): string[] {
  const name = String(definition['name']);
  const options = Array.isArray(definition['options']) ? (definition['options'] as Record<string, unknown>[]) : [];
  const nested = options.filter((o) => o['type'] === 1 || o['type'] === 2);
  const leaf = (opts: unknown): string =>
    (Array.isArray(opts) ? (opts as Record<string, unknown>[]) : [])
      .map((o) => (o['required'] === true ? `${String(o['name'])}:…` : `[${String(o['name'])}]`))
      .join(' ');
  if (nested.length === 0) return [`  /${[name, leaf(options)].filter((s) => s !== '').join(' ')}`];
  return nested.flatMap((o) => {
    if (o['type'] === 1) return [`  /${[name, String(o['name']), leaf(o['options'])].filter((s) => s !== '').join(' ')}`];
    const subs = Array.isArray(o['options']) ? (o['options'] as Record<string, unknown>[]) : [];
    return subs.map((s) => `  /${[name, String(o['name']), String(s['name']), leaf(s['options'])].filter((x) => x !== '').join(' ')}`);
  });
}

export interface RunPlaygroundOptions extends Omit<PlaygroundOptions, 'print'> {
  readonly input: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly output: NodeJS.WritableStream & { isTTY?: boolean };
}

/**
 * The terminal session: a readline loop over {@link startPlayground} until `quit`, Ctrl-D or Ctrl-C.
 * Resolves once everything is stopped and the temporary database deleted.
 * @throws Error as {@link startPlayground} when the playground cannot start.
 */
export async function runPlayground(options: RunPlaygroundOptions): Promise<void> {
  const { input, output } = options;
  // Interactive only when both ends are a terminal; piped input gets a transcript (each line echoed).
  const tty = output.isTTY === true && input.isTTY === true;
  let busy = true;
  let promptShown = false;
  // Set once readline exists; messages printed before that go straight out.
  let reprompt: (() => void) | undefined;
  const print = (line: string): void => {
    if (tty && promptShown && !busy) {
      // A message arrived while the prompt waits: print above it and redraw what was typed so far.
      clearLine(output, 0);
      cursorTo(output, 0);
      output.write(`${line}\n`);
      reprompt?.();
      return;
    }
    output.write(`${line}\n`);
  };
  const playground = await startPlayground({ ...options, print });
  const rl = createInterface({ input, output, terminal: tty, historySize: 200 });
  reprompt = () => {
    rl.setPrompt(playground.prompt());
    rl.prompt(true);
  };
  rl.on('SIGINT', () => rl.close());
  const showPrompt = (): void => {
    busy = false;
    // Piped input: no prompt; each line is echoed after its prompt instead, so the output reads as a transcript.
    if (!tty) return;
    promptShown = true;
    rl.setPrompt(playground.prompt());
    rl.prompt();
  };
  try {
    showPrompt();
    for await (const line of rl) {
      busy = true;
      if (!tty) output.write(`${playground.prompt()}${line}\n`);
      const result = await playground.handleLine(line);
      if (result === 'quit') break;
      showPrompt();
    }
  } finally {
    busy = true;
    rl.close();
    await playground.close();
    // Ctrl-C or Ctrl-D leave the cursor after the prompt.
    output.write(`${tty ? '\n' : ''}Bye: the bot is stopped, the simulator closed and the temporary database deleted.\n`);
  }
}

async function main(): Promise<void> {
  // Warnings and errors only, on stderr, so the conversation on stdout stays readable.
  const logger = createLogger('warn', process.stderr);
  await runPlayground({ input: process.stdin, output: process.stdout, logger });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    () => {
      // discord.js and the simulator are closed; stdin may still hold the event loop open.
      process.stdin.pause();
    },
    (err: unknown) => {
      process.stderr.write(`Could not start the playground: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
      process.stdin.pause();
    },
  );
}
