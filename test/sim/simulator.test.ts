import { once } from 'node:events';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  DiscordAPIError,
  EmbedBuilder,
  GatewayIntentBits,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  PermissionFlagsBits,
  Routes,
  SlashCommandBuilder,
  StringSelectMenuBuilder,
  TextDisplayBuilder,
  TextInputBuilder,
  TextInputStyle,
  type Guild,
  type Interaction,
  type TextChannel,
} from 'discord.js';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  createOpenApiValidator,
  DEFAULT_BOT_PERMISSIONS,
  DEFAULT_EVERYONE_PERMISSIONS,
  SimulatorUsageError,
  toBits,
  startSimulator,
  type GuildSpec,
  type OpenApiValidator,
  type Simulator,
  type SimulatorOptions,
} from './index.js';

const GUILD_ID = '100000000000000001';
const GUILD: GuildSpec = {
  id: GUILD_ID,
  name: 'Big City Fans',
  owner: 'olivia',
  roles: [{ name: 'Moderator', permissions: ['ManageGuild', 'ManageMessages'] }],
  members: [{ username: 'olivia' }, { username: 'alice', roles: ['Moderator'] }, { username: 'bob' }],
  channels: [
    { name: 'general' },
    { name: 'readonly', overwrites: [{ role: '@everyone', deny: ['SendMessages'] }] },
    { name: 'hidden', overwrites: [{ member: '@bot', deny: ['ViewChannel'] }] },
  ],
};

const QUIZ_COMMAND = new SlashCommandBuilder()
  .setName('quiz')
  .setDescription('Quiz')
  .addSubcommand((s) =>
    s
      .setName('start')
      .setDescription('Start a quiz')
      .addIntegerOption((o) => o.setName('rounds').setDescription('Rounds').setMinValue(1).setMaxValue(30))
      .addStringOption((o) => o.setName('scope').setDescription('Scope').addChoices({ name: 'Film', value: 'film' }, { name: 'Series', value: 'series' })),
  )
  .addSubcommand((s) => s.setName('stop').setDescription('Stop the quiz'));

const CAST_COMMAND = new SlashCommandBuilder()
  .setName('cast')
  .setDescription('Cast')
  .addStringOption((o) => o.setName('name').setDescription('Actor or character').setAutocomplete(true).setRequired(true))
  .addUserOption((o) => o.setName('who').setDescription('Someone'));

const PING_COMMAND = new SlashCommandBuilder().setName('ping').setDescription('Ping').setContexts(0, 1);

/** A promise with its resolve exposed, so the inline bot can hand results to the test. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('the simulator with the real discord.js client', () => {
  let validator: OpenApiValidator;
  let sim: Simulator | undefined;
  let client: Client | undefined;
  let botErrors: unknown[] = [];

  beforeAll(() => {
    validator = createOpenApiValidator();
  });

  afterEach(async () => {
    await client?.destroy();
    await sim?.close();
    const issues = sim?.responseIssues ?? [];
    client = undefined;
    sim = undefined;
    // The simulator's own answers must have Discord's documented shapes.
    expect(issues).toEqual([]);
    expect(botErrors).toEqual([]);
    botErrors = [];
  });

  /** Starts a simulator with GUILD and commands, and a tiny bot whose behaviour is `onInteraction`. */
  async function start(onInteraction: (i: Interaction) => Promise<void>, options: Partial<SimulatorOptions> = {}): Promise<{ sim: Simulator; client: Client; general: string }> {
    const s = await startSimulator({ validator, checkResponses: true, guilds: [GUILD], ...options });
    sim = s;
    s.registerCommands([QUIZ_COMMAND, CAST_COMMAND], GUILD_ID);
    s.registerCommands([PING_COMMAND]);
    const c = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: s.apiUrl } });
    client = c;
    c.on('interactionCreate', (i) => {
      onInteraction(i).catch((err: unknown) => botErrors.push(err));
    });
    const ready = once(c, 'clientReady');
    await c.login(s.token);
    await ready;
    return { sim: s, client: c, general: s.channelId(GUILD.name, 'general') };
  }

  test('given a guild spec, the client becomes ready with its channels, roles, members and the bot as a member', async () => {
    const { client: c, sim: s } = await start(async () => {});
    const guild = c.guilds.cache.get(GUILD_ID);
    expect(guild?.name).toBe('Big City Fans');
    expect(guild?.ownerId).toBe(s.userId('olivia'));
    expect([...(guild?.channels.cache.values() ?? [])].map((ch) => ch.name).sort()).toEqual(['general', 'hidden', 'readonly']);
    expect(guild?.roles.cache.map((r) => r.name).sort()).toEqual(['@everyone', 'BigCity Bot', 'Moderator']);
    expect(guild?.members.me?.id).toBe(s.applicationId);
    expect(c.user?.id).toBe(s.applicationId);
    const readonly = guild?.channels.cache.find((ch) => ch.name === 'readonly');
    expect(readonly?.permissionsFor(guild?.members.me ?? '')?.has(PermissionFlagsBits.SendMessages)).toBe(false);
    expect(s.sessions[0]?.intents).toBe(GatewayIntentBits.Guilds);
  });

  test('given a wrong token, login fails with discord.js TokenInvalid after the 401 from GET /gateway/bot', async () => {
    const s = await startSimulator({ validator, guilds: [GUILD] });
    sim = s;
    const c = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: s.apiUrl } });
    client = c;
    await expect(c.login('wrong-token')).rejects.toThrow('An invalid token was provided.');
    expect(s.requests.map((r) => [r.path, r.status])).toEqual([['/gateway/bot', 401]]);
  });

  test('given a slash command, the ephemeral reply arrives with its content and the payload carries computed permissions', async () => {
    const seen = deferred<{ member: boolean; app: boolean; moderator: boolean }>();
    const { sim: s, general } = await start(async (i) => {
      if (!i.isChatInputCommand()) return;
      seen.resolve({
        member: i.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
        app: i.appPermissions.has(PermissionFlagsBits.SendMessages),
        moderator: i.inCachedGuild() && i.member.roles.cache.some((r) => r.name === 'Moderator'),
      });
      await i.reply({ content: `hello ${i.user.username}, rounds=${i.options.getInteger('rounds') ?? 'none'}`, flags: MessageFlags.Ephemeral });
    });
    const ix = s.command({ channelId: general, userId: 'alice', name: 'quiz start', options: { rounds: '3' } });
    const reply = await ix.waitForReply();
    expect(reply.data['content']).toBe('hello alice, rounds=3');
    expect(ix.ephemeral).toBe(true);
    expect(reply.visibleTo).toBe(s.userId('alice'));
    expect((await ix.response).type).toBe(4);
    expect(await seen.promise).toEqual({ member: true, app: true, moderator: true });
    expect(ix.payload['app_permissions']).toBe((toBits(DEFAULT_EVERYONE_PERMISSIONS) | toBits(DEFAULT_BOT_PERMISSIONS)).toString());
    expect((ix.payload['member'] as { permissions: string }).permissions).toBe((toBits(DEFAULT_EVERYONE_PERMISSIONS) | toBits(['ManageGuild', 'ManageMessages'])).toString());
    expect(ix.payload['guild_locale']).toBe('en-US');
    expect(ix.payload['authorizing_integration_owners']).toEqual({ '0': GUILD_ID });
    const data = ix.payload['data'] as { options: { name: string; type: number; options: unknown[] }[] };
    expect(data.options).toEqual([{ name: 'start', type: 1, options: [{ name: 'rounds', type: 4, value: 3 }] }]);
    s.assertNoViolations();
  });

  test('given deferReply then editReply, the thinking message becomes the answer', async () => {
    const { sim: s, general } = await start(async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply();
      await i.editReply({ embeds: [new EmbedBuilder().setTitle('Film').setDescription('Directed by E.oni')] });
    });
    const ix = s.command({ channelId: general, userId: 'bob', name: 'ping' });
    expect((await ix.response).type).toBe(5);
    const reply = await ix.waitForReply();
    expect(reply.loading).toBe(false);
    expect(reply.data['flags']).toBe(0);
    expect(reply.data['embeds']).toEqual([{ type: 'rich', title: 'Film', description: 'Directed by E.oni' }]);
    expect(reply.data['edited_timestamp']).toBeNull();
    expect(s.render(general)).not.toContain('thinking');
    s.assertNoViolations();
  });

  test('given a reply and a follow-up, both messages are recorded, the follow-up pointing at the original', async () => {
    const { sim: s, general } = await start(async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.reply({ content: 'first' });
      await i.followUp({ content: 'second', flags: MessageFlags.Ephemeral });
    });
    const ix = s.command({ channelId: general, userId: 'bob', name: 'ping' });
    const follow = await ix.waitForFollowUp(0);
    expect(follow.data['content']).toBe('second');
    expect(follow.ephemeral).toBe(true);
    expect(ix.replies().map((m) => m.data['content'])).toEqual(['first', 'second']);
    expect((follow.data['interaction_metadata'] as Record<string, unknown>)['original_response_message_id']).toBe(ix.original()?.id);
    expect(follow.data['webhook_id']).toBe(s.applicationId);
  });

  test('given a deferred reply, the first follow-up fills the deferred message as Discord does', async () => {
    const { sim: s, general } = await start(async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      await i.followUp({ content: 'done' });
    });
    const ix = s.command({ channelId: general, userId: 'bob', name: 'ping' });
    const reply = await ix.waitForReply();
    expect(reply.data['content']).toBe('done');
    expect(reply.ephemeral).toBe(true);
    expect(ix.replies()).toHaveLength(1);
  });

  test('given an autocomplete interaction, the focused option is marked and the bot choices come back', async () => {
    const focused = deferred<{ name: string; value: string }>();
    const { sim: s, general } = await start(async (i) => {
      if (!i.isAutocomplete()) return;
      const f = i.options.getFocused(true);
      focused.resolve({ name: f.name, value: String(f.value) });
      await i.respond([
        { name: 'Jae-hee (재희)', value: 'char:jae-hee' },
        { name: 'Jaehee Kim', value: 'person:kim-go-eun' },
      ]);
    });
    const choices = await s.autocomplete({ channelId: general, userId: 'bob', name: 'cast', focused: 'name', value: 'jae' });
    expect(choices).toEqual([
      { name: 'Jae-hee (재희)', value: 'char:jae-hee' },
      { name: 'Jaehee Kim', value: 'person:kim-go-eun' },
    ]);
    expect(await focused.promise).toEqual({ name: 'name', value: 'jae' });
  });

  test('given a message with buttons, a click is answered by an update (type 7) that disables them', async () => {
    const clicks: string[] = [];
    const { sim: s, general } = await start(async (i) => {
      if (i.isChatInputCommand()) {
        const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId('answer:A').setLabel('A').setStyle(ButtonStyle.Primary),
          new ButtonBuilder().setCustomId('answer:B').setLabel('B').setStyle(ButtonStyle.Secondary),
        );
        await i.reply({ content: 'Who directed act 3?', components: [row] });
      } else if (i.isButton()) {
        clicks.push(`${i.user.username}:${i.customId}:${i.message.id}`);
        if (!i.customId.startsWith('answer:') || !['answer:A', 'answer:B'].includes(i.customId)) {
          await i.reply({ content: 'unknown button', flags: MessageFlags.Ephemeral });
          return;
        }
        const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId('answer:A').setLabel('A').setStyle(ButtonStyle.Success).setDisabled(true),
          new ButtonBuilder().setCustomId('answer:B').setLabel('B').setStyle(ButtonStyle.Secondary).setDisabled(true),
        );
        await i.update({ content: `answered ${i.customId.slice(7)}`, components: [row] });
      }
    });
    const question = await s.command({ channelId: general, userId: 'alice', name: 'quiz stop' }).waitForReply();
    const click = s.click({ messageId: question.id, userId: 'bob', label: 'A' });
    expect((await click.response).type).toBe(7);
    const updated = await click.waitForReply();
    expect(updated.id).toBe(question.id);
    expect(updated.data['content']).toBe('answered A');
    expect(s.buttons(question.id).map((b) => [b.label, b.disabled])).toEqual([
      ['A', true],
      ['B', true],
    ]);
    expect(() => s.click({ messageId: question.id, userId: 'bob', label: 'B' })).toThrow(SimulatorUsageError);
    expect(() => s.click({ messageId: '999', userId: 'bob', customId: 'answer:A', force: true })).toThrow(/no message 999/);
    const forged = s.click({ messageId: question.id, userId: 'bob', customId: 'answer:Z', force: true });
    expect((await forged.waitForReply()).data['content']).toBe('unknown button');
    expect(clicks).toEqual([`bob:answer:A:${question.id}`, `bob:answer:Z:${question.id}`]);
    s.assertNoViolations();
  });

  test('given a second reply to one interaction, the bot gets 40060 already acknowledged', async () => {
    const second = deferred<unknown>();
    const { sim: s, general } = await start(async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.reply({ content: 'one' });
      // discord.js guards against this itself, so the second callback goes straight to the REST client.
      await i.client.rest
        .post(Routes.interactionCallback(i.id, i.token), { body: { type: 4, data: { content: 'two' } }, auth: false })
        .then(() => second.resolve('accepted'), (err: unknown) => second.resolve(err));
    });
    const ix = s.command({ channelId: general, userId: 'bob', name: 'ping' });
    const err = await second.promise;
    expect(err).toBeInstanceOf(DiscordAPIError);
    expect((err as DiscordAPIError).code).toBe(40060);
    expect((err as DiscordAPIError).status).toBe(400);
    expect(ix.callbacks).toHaveLength(1);
  });

  test('given a reply after the deadline, the bot gets 10062 unknown interaction and the interaction failed', async () => {
    const late = deferred<unknown>();
    const { sim: s, general } = await start(
      async (i) => {
        if (!i.isChatInputCommand()) return;
        // Wait until the simulator has declared the interaction failed, then answer.
        await s.waitFor(() => (handle?.failed === true ? true : undefined), 'the deadline');
        await i.reply({ content: 'too late' }).then(() => late.resolve('accepted'), (err: unknown) => late.resolve(err));
      },
      { interactionDeadlineMs: 200 },
    );
    let handle: ReturnType<Simulator['command']> | undefined;
    handle = s.command({ channelId: general, userId: 'bob', name: 'ping' });
    await expect(handle.response).rejects.toThrow(/did not respond to \/ping within 200 ms/);
    const err = await late.promise;
    expect(err).toBeInstanceOf(DiscordAPIError);
    expect((err as DiscordAPIError).code).toBe(10062);
    expect((err as DiscordAPIError).status).toBe(404);
  });

  test('given an embed title over 256 characters, the request is refused with 50035 and recorded as a readable violation', async () => {
    const result = deferred<unknown>();
    const { sim: s, general } = await start(async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.reply({ embeds: [{ title: 'x'.repeat(300) }] }).then(() => result.resolve('accepted'), (err: unknown) => result.resolve(err));
    });
    s.command({ channelId: general, userId: 'bob', name: 'ping' });
    const err = await result.promise;
    expect((err as DiscordAPIError).code).toBe(50035);
    expect((err as DiscordAPIError).rawError).toMatchObject({ errors: { data: { embeds: { '0': { title: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } } } });
    expect(s.violations).toHaveLength(1);
    expect(s.violations[0]?.errors).toEqual([{ path: 'data.embeds.0.title', code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 256 or fewer in length.' }]);
    expect(() => s.assertNoViolations()).toThrow(/POST \/interactions\/\{interaction_id\}\/\{interaction_token\}\/callback[\s\S]*data\.embeds\.0\.title: Must be 256 or fewer in length\./);
  });

  test('given validateRequests: false, a body the schema refuses is accepted, but Discord\'s rules beyond the schema still apply', async () => {
    const long = deferred<unknown>();
    const empty = deferred<unknown>();
    const { sim: s, general } = await start(
      async (i) => {
        if (!i.isChatInputCommand()) return;
        const [answer, result] = i.options.getSubcommand(false) === 'stop' ? [i.reply({ content: '' }), empty] : [i.reply({ embeds: [{ title: 'x'.repeat(300) }] }), long];
        await answer.then(() => result.resolve('accepted'), (err: unknown) => result.resolve(err));
      },
      { validateRequests: false },
    );
    const reply = s.command({ channelId: general, userId: 'bob', name: 'ping' });
    expect(await long.promise).toBe('accepted');
    expect((reply.original()?.data['embeds'] as { title: string }[])[0]?.title).toHaveLength(300);
    expect(s.violations).toEqual([]);

    s.command({ channelId: general, userId: 'bob', name: 'quiz stop' });
    expect(((await empty.promise) as DiscordAPIError).code).toBe(50006);
    expect(s.violations.map((v) => v.kind)).toEqual(['rule']);
  });

  test('given content over 2000 characters in a follow-up, the violation names the content field', async () => {
    const result = deferred<unknown>();
    const { sim: s, general } = await start(async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply();
      await i.editReply({ content: 'y'.repeat(2001) }).then(() => result.resolve('accepted'), (err: unknown) => result.resolve(err));
    });
    s.command({ channelId: general, userId: 'bob', name: 'ping' });
    expect(((await result.promise) as DiscordAPIError).code).toBe(50035);
    expect(s.violations.map((v) => [v.route, v.errors])).toEqual([
      ['/webhooks/{webhook_id}/{webhook_token}/messages/@original', [{ path: 'content', code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }]],
    ]);
  });

  test('given channels where the bot lacks Send Messages or View Channel, channel.send gets 50013 or 50001', async () => {
    const { sim: s, client: c } = await start(async () => {});
    const readonly = c.channels.cache.get(s.channelId(GUILD.name, 'readonly')) as TextChannel;
    const hidden = c.channels.cache.get(s.channelId(GUILD.name, 'hidden')) as TextChannel;
    const general = c.channels.cache.get(s.channelId(GUILD.name, 'general')) as TextChannel;
    await expect(readonly.send('hi')).rejects.toMatchObject({ code: 50013, status: 403, message: 'Missing Permissions' });
    await expect(hidden.send('hi')).rejects.toMatchObject({ code: 50001, status: 403, message: 'Missing Access' });
    s.setOverwrite(general.id, { member: '@bot', deny: ['EmbedLinks'] });
    await expect(general.send({ embeds: [{ title: 'needs Embed Links' }] })).rejects.toMatchObject({ code: 50013 });
    const sent = await general.send('plain text is fine');
    expect(s.messages(general.id).map((m) => m.data['content'])).toEqual(['plain text is fine']);
    await expect(general.messages.edit(sent.id, 'edited')).resolves.toMatchObject({ content: 'edited' });
    expect(s.message(sent.id)?.history).toHaveLength(1);
  });

  test('given a pending rate limit, the first request gets 429 with retry headers and discord.js retries to success', async () => {
    const { sim: s, client: c, general } = await start(async () => {});
    const limited = deferred<number>();
    c.rest.on('rateLimited', (info) => limited.resolve(info.retryAfter));
    s.rateLimitNext(1, 0.05);
    const channel = c.channels.cache.get(general) as TextChannel;
    await channel.send('after the limit');
    expect(await limited.promise).toBeGreaterThanOrEqual(50);
    const attempts = s.requests.filter((r) => r.path === `/channels/${general}/messages`).map((r) => r.status);
    expect(attempts).toEqual([429, 200]);
    expect(s.messages(general).map((m) => m.data['content'])).toEqual(['after the limit']);
  });

  test('given the bot is removed from a guild, the client gets guildDelete and the guild channels answer Missing Access', async () => {
    const { sim: s, client: c, general } = await start(async () => {});
    const channel = c.channels.cache.get(general) as TextChannel;
    const removed = once(c, 'guildDelete') as Promise<[Guild]>;
    s.removeGuild(GUILD_ID);
    const [guild] = await removed;
    expect(guild.id).toBe(GUILD_ID);
    expect(c.guilds.cache.has(GUILD_ID)).toBe(false);
    await expect(c.rest.post(Routes.channelMessages(channel.id), { body: { content: 'still here?' } })).rejects.toMatchObject({ code: 50001 });
    expect(() => s.command({ channelId: general, userId: 'bob', name: 'ping' })).toThrow(/not in Big City Fans/);
  });

  test('given a guild added while connected, the client gets guildCreate', async () => {
    const { sim: s, client: c } = await start(async () => {});
    const created = once(c, 'guildCreate') as Promise<[Guild]>;
    const added = s.addGuild({ name: 'Second Server', members: [{ username: 'carol' }] });
    const [guild] = await created;
    expect(guild.id).toBe(added.id);
    expect(guild.members.me?.id).toBe(s.applicationId);
  });

  test('given bulk registration through discord.js REST, the commands come back with ids and a re-PUT keeps them', async () => {
    const { sim: s, client: c } = await start(async () => {});
    const body = [QUIZ_COMMAND.toJSON(), CAST_COMMAND.toJSON()];
    const first = (await c.rest.put(Routes.applicationGuildCommands(s.applicationId, GUILD_ID), { body })) as { id: string; name: string; application_id: string; version: string; guild_id: string }[];
    expect(first.map((x) => [x.name, x.application_id, x.guild_id])).toEqual([
      ['quiz', s.applicationId, GUILD_ID],
      ['cast', s.applicationId, GUILD_ID],
    ]);
    const again = (await c.rest.put(Routes.applicationGuildCommands(s.applicationId, GUILD_ID), { body: [CAST_COMMAND.toJSON()] })) as { id: string }[];
    expect(again.map((x) => x.id)).toEqual([first[1]?.id]);
    const fetched = (await c.rest.get(Routes.applicationGuildCommands(s.applicationId, GUILD_ID))) as { name: string }[];
    expect(fetched.map((x) => x.name)).toEqual(['cast']);
    expect(s.commands(GUILD_ID).map((x) => x['name'])).toEqual(['cast']);
    expect(s.commands().map((x) => x['name'])).toEqual(['ping']);
    await expect(c.rest.put(Routes.applicationCommands(s.applicationId), { body: [{ name: 'Bad Name', description: 'x' }] })).rejects.toMatchObject({ code: 50035 });
    expect(s.violations.map((v) => v.errors.map((e) => e.path))).toEqual([['0.name']]);
    expect(() => s.registerCommands([{ name: 'dup', description: 'a' }, { name: 'dup', description: 'b' }])).toThrow(/1\.name: Application command names must be unique \(dup\)/);
  });

  test('given options that Discord would not let a member send, command() refuses unless forced', async () => {
    const { sim: s, general } = await start(async (i) => {
      if (i.isChatInputCommand() || i.isAutocomplete()) return;
    });
    expect(() => s.command({ channelId: general, userId: 'bob', name: 'quiz start', options: { rounds: 50 } })).toThrow(/rounds of \/quiz start: must be at most 30/);
    expect(() => s.command({ channelId: general, userId: 'bob', name: 'quiz start', options: { scope: 'novel' } })).toThrow(/not one of the choices/);
    expect(() => s.command({ channelId: general, userId: 'bob', name: 'quiz' })).toThrow(/needs a subcommand: start, stop/);
    expect(() => s.command({ channelId: general, userId: 'bob', name: 'cast' })).toThrow(/missing required option\(s\): name/);
    expect(() => s.command({ channelId: general, userId: 'bob', name: 'nope' })).toThrow(/\/nope is not registered/);
    const forced = s.command({ channelId: general, userId: 'bob', name: 'quiz start', options: { rounds: 50 }, force: true });
    expect((forced.payload['data'] as { options: unknown[] }).options).toEqual([{ name: 'start', type: 1, options: [{ name: 'rounds', type: 4, value: 50 }] }]);
  });

  test('given a user option, the payload carries resolved user and member data that discord.js reads', async () => {
    const got = deferred<{ user: string | undefined; member: string | undefined }>();
    const { sim: s, general } = await start(async (i) => {
      if (!i.isChatInputCommand()) return;
      const member = i.options.getMember('who');
      got.resolve({ user: i.options.getUser('who')?.username, member: member !== null && 'id' in member ? member.id : undefined });
      await i.reply({ content: 'ok' });
    });
    s.command({ channelId: general, userId: 'bob', name: 'cast', options: { name: 'x', who: 'alice' } });
    expect(await got.promise).toEqual({ user: 'alice', member: s.userId('alice') });
  });

  test('given a command in a DM, the interaction has a user instead of a member and context 1', async () => {
    const { sim: s } = await start(async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.reply({ content: `in guild: ${String(i.inGuild())}` });
    });
    const ix = s.command({ dm: true, userId: 'bob', name: 'ping' });
    expect((await ix.waitForReply()).data['content']).toBe('in guild: false');
    expect(ix.payload['member']).toBeUndefined();
    expect((ix.payload['user'] as { username: string }).username).toBe('bob');
    expect(ix.payload['context']).toBe(1);
    expect(() => s.command({ dm: true, userId: 'bob', name: 'quiz start' })).toThrow(/not registered globally for DMs/);
    expect(s.render(s.dmChannelId('bob'))).toBe(['── DM with bob ──', '> bob used /ping', 'BigCity Bot: in guild: false'].join('\n'));
  });

  test('given a reply with withResponse and a file, the callback response carries the message and the attachment is recorded', async () => {
    const got = deferred<string | undefined>();
    const { sim: s, general } = await start(async (i) => {
      if (!i.isChatInputCommand()) return;
      const res = await i.reply({ content: 'with file', files: [{ attachment: Buffer.from('hello'), name: 'notes.txt' }], withResponse: true });
      got.resolve(res.resource?.message?.content);
    });
    const ix = s.command({ channelId: general, userId: 'bob', name: 'ping' });
    expect(await got.promise).toBe('with file');
    const reply = await ix.waitForReply();
    expect(reply.data['attachments']).toMatchObject([{ filename: 'notes.txt', size: 5 }]);
    s.assertNoViolations();
  });

  test('given allowed_mentions, mentions are computed and messages that would allow @everyone are listed', async () => {
    const { sim: s, general } = await start(async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.reply({ content: '@everyone look', allowedMentions: { parse: [] } });
      await i.followUp({ content: '@everyone look again' });
    });
    const ix = s.command({ channelId: general, userId: 'bob', name: 'ping' });
    const follow = await ix.waitForFollowUp(0);
    expect(ix.original()?.data['mention_everyone']).toBe(false);
    expect(follow.data['mention_everyone']).toBe(true);
    expect(s.messagesAllowingEveryone().map((m) => m.id)).toEqual([follow.id]);
  });

  test('given a conversation, render() shows commands, authors, embeds, buttons and marks', async () => {
    const { sim: s, general } = await start(async (i) => {
      if (i.isChatInputCommand() && i.commandName === 'quiz') {
        await i.reply({
          embeds: [new EmbedBuilder().setTitle('Question 1 of 3').setDescription('Who plays Jae-hee?').addFields({ name: 'Time', value: '20 s' }).setFooter({ text: 'Source: VERIFIED.md' })],
          components: [
            new ActionRowBuilder<ButtonBuilder>().addComponents(
              new ButtonBuilder().setCustomId('a').setLabel('Kim Go-eun').setStyle(ButtonStyle.Primary),
              new ButtonBuilder().setCustomId('b').setLabel('Noh Sang-hyun').setStyle(ButtonStyle.Secondary).setDisabled(true),
            ),
          ],
        });
      } else if (i.isButton()) {
        await i.reply({ content: 'Your answer A is locked in', flags: MessageFlags.Ephemeral });
        await i.message.edit({ content: 'answers: 1' });
      }
    });
    const question = await s.command({ channelId: general, userId: 'alice', name: 'quiz start', options: { rounds: 3 } }).waitForReply();
    await s.click({ messageId: question.id, userId: 'bob', label: 'Kim Go-eun' }).waitForReply();
    await s.waitForMessage((m) => m.data['content'] === 'answers: 1');
    expect(s.render(general)).toBe(
      [
        '── #general (Big City Fans) ──',
        '> alice used /quiz start rounds:3',
        'BigCity Bot (edited): answers: 1',
        '  │ **Question 1 of 3**',
        '  │ Who plays Jae-hee?',
        '  │ Time: 20 s',
        '  │ — Source: VERIFIED.md',
        '  [Kim Go-eun](primary) [Noh Sang-hyun](secondary, disabled)',
        '',
        '> bob clicked [Kim Go-eun]',
        'BigCity Bot (only bob can see this): Your answer A is locked in',
      ].join('\n'),
    );
    expect(s.render(general, { viewer: 'alice' })).not.toContain('locked in');
  });

  test('given a dropped gateway connection, discord.js resumes, gets the missed events and still answers', async () => {
    const { sim: s, client: c, general } = await start(async (i) => {
      if (i.isChatInputCommand()) await i.reply({ content: 'still alive' });
    });
    const resumed = once(c, 'shardResume');
    const created = once(c, 'guildCreate') as Promise<[Guild]>;
    s.disconnectBots();
    await s.waitFor(() => (s.sessions.length === 0 ? true : undefined), 'the connection to drop');
    const added = s.addGuild({ name: 'Added While Away' });
    await resumed;
    expect((await created)[0].id).toBe(added.id);
    const ix = s.command({ channelId: general, userId: 'bob', name: 'ping' });
    expect((await ix.waitForReply()).data['content']).toBe('still alive');
  });

  test('given a click answered by deferUpdate then editReply, the clicked message is edited', async () => {
    const { sim: s, general } = await start(async (i) => {
      if (i.isChatInputCommand()) {
        await i.reply({ content: 'pick', components: [new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId('go').setLabel('Go').setStyle(ButtonStyle.Primary))] });
      } else if (i.isButton()) {
        await i.deferUpdate();
        await i.editReply({ content: 'picked', components: [] });
      }
    });
    const message = await s.command({ channelId: general, userId: 'bob', name: 'ping' }).waitForReply();
    const click = s.click({ messageId: message.id, userId: 'alice', customId: 'go' });
    expect((await click.response).type).toBe(6);
    const edited = await click.waitForReply();
    expect([edited.id, edited.data['content'], edited.data['components']]).toEqual([message.id, 'picked', []]);
    expect(typeof edited.data['edited_timestamp']).toBe('string');
    expect(() => s.click({ messageId: message.id, userId: 'alice', customId: 'go' })).toThrow(/has no button go/);
  });

  test('given fetchReply and deleteReply, the webhook message endpoints return and delete the original', async () => {
    const fetched = deferred<string>();
    const { sim: s, general } = await start(async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.reply({ content: 'short-lived' });
      fetched.resolve((await i.fetchReply()).content);
      await i.deleteReply();
    });
    const ix = s.command({ channelId: general, userId: 'bob', name: 'ping' });
    expect(await fetched.promise).toBe('short-lived');
    await s.waitFor(() => (ix.original() === undefined ? true : undefined), 'the reply to be deleted');
    expect(s.messages(general)).toEqual([]);
    expect(s.messages(general, { includeDeleted: true }).map((m) => m.deleted)).toEqual([true]);
  });

  test('given a DM sent with user.send, the DM channel is created and the message recorded there', async () => {
    const { sim: s, general } = await start(async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.reply({ content: 'check your DMs', flags: MessageFlags.Ephemeral });
      await i.user.send({ content: 'psst' });
    });
    s.command({ channelId: general, userId: 'bob', name: 'ping' });
    const dm = await s.waitForMessage((m) => m.data['content'] === 'psst');
    expect(dm.channelId).toBe(s.dmChannelId('bob'));
    expect(s.render(dm.channelId)).toBe('── DM with bob ──\nBigCity Bot: psst');
  });

  test('given REST look-ups, the application, users, members and messages are served and unknown routes get 404', async () => {
    const { sim: s, client: c, general } = await start(async () => {});
    const app = await c.application?.fetch();
    expect(app?.id).toBe(s.applicationId);
    expect((await c.users.fetch(s.userId('alice'), { force: true })).username).toBe('alice');
    expect((await c.guilds.cache.get(GUILD_ID)?.members.fetch({ user: s.userId('bob'), force: true }))?.user.username).toBe('bob');
    const channel = c.channels.cache.get(general) as TextChannel;
    const sent = await channel.send('to fetch');
    expect((await channel.messages.fetch({ message: sent.id, force: true })).content).toBe('to fetch');
    await expect(channel.messages.fetch({ message: '12345', force: true })).rejects.toMatchObject({ code: 10008 });
    await expect(c.rest.get('/no/such/route')).rejects.toMatchObject({ status: 404, code: 0, message: '404: Not Found' });
    await expect(c.rest.get(Routes.guildAuditLog(GUILD_ID))).rejects.toMatchObject({ status: 404 });
    expect(s.violations.map((v) => [v.kind, v.route])).toEqual([['unsimulated', '/guilds/{guild_id}/audit-logs']]);
  });

  test('given a subcommand group with a channel option and default_member_permissions, only permitted members may send it', async () => {
    const got = deferred<{ group: string | null; sub: string; channel: string | undefined; perms: boolean | undefined }>();
    const config = new SlashCommandBuilder()
      .setName('config')
      .setDescription('Settings')
      .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
      .addSubcommandGroup((g) =>
        g
          .setName('quiz-channels')
          .setDescription('Where quizzes run')
          .addSubcommand((sc) => sc.setName('add').setDescription('Allow a channel').addChannelOption((o) => o.setName('channel').setDescription('Channel').setRequired(true).addChannelTypes(0))),
      );
    const { sim: s, general } = await start(async (i) => {
      if (!i.isChatInputCommand()) return;
      const channel = i.options.getChannel('channel', true);
      got.resolve({
        group: i.options.getSubcommandGroup(),
        sub: i.options.getSubcommand(),
        channel: channel.name ?? undefined,
        perms: i.memberPermissions?.has(PermissionFlagsBits.ManageGuild),
      });
      await i.reply({ content: 'saved', flags: MessageFlags.Ephemeral });
    });
    s.registerCommands([QUIZ_COMMAND, CAST_COMMAND, config], GUILD_ID);
    expect(() => s.command({ channelId: general, userId: 'bob', name: 'config quiz-channels add', options: { channel: '#readonly' } })).toThrow(/bob cannot see \/config/);
    const ix = s.command({ channelId: general, userId: 'alice', name: 'config quiz-channels add', options: { channel: '#readonly' } });
    expect(await got.promise).toEqual({ group: 'quiz-channels', sub: 'add', channel: 'readonly', perms: true });
    const resolved = (ix.payload['data'] as { resolved: { channels: Record<string, { name: string; permissions: string }> } }).resolved.channels;
    expect(Object.values(resolved).map((ch) => ch.name)).toEqual(['readonly']);
    expect(BigInt(Object.values(resolved)[0]?.permissions ?? '0') & PermissionFlagsBits.SendMessages).toBe(0n);
    expect(() => s.command({ channelId: general, userId: 'olivia', name: 'config quiz-channels add', options: { channel: '#nowhere' } })).toThrow(/no channel #nowhere/);
    await ix.waitForReply();
  });

  test('given listeners, message and messageUpdate events report what the bot shows as it happens', async () => {
    const { sim: s, general } = await start(async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply();
      await i.editReply('ready');
    });
    const seen: string[] = [];
    s.on('message', (m) => seen.push(`new:${s.renderMessage(m)}`));
    s.on('messageUpdate', (m) => seen.push(`edit:${s.renderMessage(m)}`));
    await s.command({ channelId: general, userId: 'bob', name: 'ping' }).waitForReply();
    expect(seen).toEqual(['new:> bob used /ping\nBigCity Bot: is thinking…', 'edit:> bob used /ping\nBigCity Bot: ready']);
  });

  test('given a button answered with a form (type 9), submitModal sends it filled in; discord.js reads the fields and the message', async () => {
    const seen: { customId: string; reason: readonly string[]; note: string; messageId: string | null; user: string }[] = [];
    const { sim: s, general } = await start(async (i) => {
      if (i.isChatInputCommand()) {
        const row = new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId('report:1').setLabel('Report').setStyle(ButtonStyle.Secondary));
        await i.reply({ content: 'Question 1: time is up', components: [row] });
      } else if (i.isButton()) {
        await i.showModal(
          new ModalBuilder()
            .setCustomId('reportform:1')
            .setTitle('Report this question')
            .addTextDisplayComponents(new TextDisplayBuilder().setContent('> Who directed act 3?'))
            .addLabelComponents(
              new LabelBuilder()
                .setLabel('What is wrong?')
                .setStringSelectMenuComponent(
                  new StringSelectMenuBuilder().setCustomId('reason').addOptions({ label: 'Wrong answer', value: 'wrong' }, { label: 'Unclear', value: 'unclear' }),
                ),
              new LabelBuilder().setLabel('Note').setTextInputComponent(new TextInputBuilder().setCustomId('note').setStyle(TextInputStyle.Paragraph).setRequired(false).setMaxLength(40)),
            ),
        );
      } else if (i.isModalSubmit()) {
        seen.push({
          customId: i.customId,
          reason: i.fields.getStringSelectValues('reason'),
          note: i.fields.getTextInputValue('note'),
          messageId: i.message?.id ?? null,
          user: i.user.username,
        });
        await i.reply({ content: `thanks (${i.fields.getStringSelectValues('reason').join(',')})`, flags: MessageFlags.Ephemeral });
      }
    });
    const question = await s.command({ channelId: general, userId: 'alice', name: 'quiz stop' }).waitForReply();
    const click = s.click({ messageId: question.id, userId: 'bob', label: 'Report' });
    const form = await click.waitForModal();
    expect(form).toMatchObject({ custom_id: 'reportform:1', title: 'Report this question' });
    expect(click.modal()).toEqual(form);
    expect(click.callbacks.map((c) => c.type)).toEqual([9]);

    // What Discord's client would not send is refused before anything is dispatched.
    expect(() => s.submitModal({ from: click, values: { reason: 'boring' } })).toThrow(/not an option of reason/);
    expect(() => s.submitModal({ from: click, values: {} })).toThrow(/field reason is required/);
    expect(() => s.submitModal({ from: click, values: { reason: ['wrong', 'unclear'] } })).toThrow(/at most 1 value/);
    expect(() => s.submitModal({ from: click, values: { reason: 'wrong', note: 'x'.repeat(41) } })).toThrow(/at most 40 characters/);
    expect(() => s.submitModal({ from: click, values: { reason: 'wrong', color: 'red' } })).toThrow(/no field color/);
    expect(() => s.submitModal({ from: click, values: { reason: 'wrong' }, userId: 'alice' })).toThrow(/only bob sees the form/);
    expect(() => s.submitModal({ userId: 'bob', channelId: general, customId: 'reportform:1', components: [] })).toThrow(/need force/);

    const sent = s.submitModal({ from: click, values: { reason: 'wrong', note: 'act 3 is Son Tae-gyum' } });
    const reply = await sent.waitForReply();
    expect(reply.ephemeral).toBe(true);
    expect(reply.data['content']).toBe('thanks (wrong)');
    expect(sent.payload['type']).toBe(5);
    expect(sent.payload['data']).toEqual({
      custom_id: 'reportform:1',
      components: [
        { type: 10, id: 1 },
        { type: 18, id: 2, component: { type: 3, id: 3, custom_id: 'reason', values: ['wrong'] } },
        { type: 18, id: 4, component: { type: 4, id: 5, custom_id: 'note', value: 'act 3 is Son Tae-gyum' } },
      ],
    });
    expect(seen).toEqual([{ customId: 'reportform:1', reason: ['wrong'], note: 'act 3 is Son Tae-gyum', messageId: question.id, user: 'bob' }]);
    expect(s.render(general, { viewer: 'bob' })).toContain('> bob sent form "Report this question"');
    // Discord closes a form once it is sent.
    expect(() => s.submitModal({ from: click, values: { reason: 'unclear' } })).toThrow(/sent already/);
    // A question answered without a form has none to send.
    const plain = s.command({ channelId: general, userId: 'alice', name: 'quiz stop' });
    await plain.waitForReply();
    expect(() => s.submitModal({ from: plain, values: {} })).toThrow(/did not answer .* with a form/);
    await expect(plain.waitForModal({ timeoutMs: 500 })).rejects.toThrow(/not a form \(9\)/);

    // Forced: a forged form the bot never opened reaches it as is.
    const forged = s.submitModal({
      force: true,
      userId: 'alice',
      channelId: general,
      customId: 'reportform:9',
      components: [{ type: 18, id: 1, component: { type: 3, id: 2, custom_id: 'reason', values: ['made-up'] } }, { type: 18, id: 3, component: { type: 4, id: 4, custom_id: 'note', value: '' } }],
    });
    expect((await forged.waitForReply()).data['content']).toBe('thanks (made-up)');
    expect(seen.at(-1)).toEqual({ customId: 'reportform:9', reason: ['made-up'], note: '', messageId: null, user: 'alice' });
    s.assertNoViolations();
  });

  test('given a form body Discord would refuse (a title over 45 characters), the callback gets 50035 and a violation', async () => {
    const failures: unknown[] = [];
    const { sim: s, general } = await start(async (i) => {
      if (!i.isChatInputCommand()) return;
      await i
        .showModal({
          custom_id: 'f',
          title: 'x'.repeat(46),
          components: [{ type: 18, label: 'Note', component: { type: 4, custom_id: 'note', style: 1 } }],
        } as never)
        .catch((err: unknown) => failures.push(err));
    });
    const ix = s.command({ channelId: general, userId: 'bob', name: 'ping' });
    await s.waitFor(() => (failures.length > 0 ? true : undefined), 'the bot to see the refusal');
    expect(failures[0]).toBeInstanceOf(DiscordAPIError);
    expect((failures[0] as DiscordAPIError).code).toBe(50035);
    expect(ix.modal()).toBeUndefined();
    expect(s.violations.map((v) => [v.kind, v.route])).toEqual([['schema', '/interactions/{interaction_id}/{interaction_token}/callback']]);
  });

  test('given nothing happens, a wait rejects with a message naming what it waited for', async () => {
    const { sim: s, general } = await start(async () => {});
    await expect(s.waitForMessage(() => true, { channelId: general, timeoutMs: 30, description: 'the quiz intro' })).rejects.toThrow('timed out after 30 ms waiting for the quiz intro');
  });
});
