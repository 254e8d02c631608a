import { ChannelType, PermissionFlagsBits as P } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { SnowflakeFactory, snowflakeTime } from './snowflake.js';
import { World } from './world.js';

const BOT = { id: '900', username: 'BigCity Bot' };

describe('the simulated world', () => {
  test('given a minimal guild spec, there is an owner, a general text channel and the bot with its managed role', () => {
    const world = new World(new SnowflakeFactory(), BOT);
    const guild = world.addGuild({ name: 'G' });
    expect(world.requireUser(guild.ownerId).username).toBe('owner');
    expect(guild.channelIds.map((id) => [world.requireChannel(id).name, world.requireChannel(id).type])).toEqual([['general', ChannelType.GuildText]]);
    const botRoles = guild.members.get(BOT.id)?.roles.map((id) => guild.roles.get(id));
    expect(botRoles?.map((r) => [r?.name, r?.managed, r?.botId])).toEqual([['BigCity Bot', true, BOT.id]]);
  });

  test('given a channel in a category without its own overwrites, it copies the category overwrites', () => {
    const world = new World(new SnowflakeFactory(), BOT);
    const guild = world.addGuild({
      name: 'G',
      channels: [{ name: 'watch-party', parent: 'Events' }, { name: 'Events', type: 'category', overwrites: [{ role: '@everyone', deny: ['SendMessages'] }] }],
    });
    const channel = world.findChannel(guild, 'watch-party');
    if (channel === undefined) throw new Error('channel missing');
    expect(world.memberChannelPermissions(channel, BOT.id) & P.SendMessages).toBe(0n);
    expect(world.apiChannel(channel)['permission_overwrites']).toEqual([{ id: guild.id, type: 0, allow: '0', deny: String(P.SendMessages) }]);
  });

  test('given an owner who is not among the members, the owner is added as a member', () => {
    const world = new World(new SnowflakeFactory(), BOT);
    const guild = world.addGuild({ name: 'G', owner: 'olivia', members: [{ username: 'alice' }] });
    expect(world.requireUser(guild.ownerId).username).toBe('olivia');
    expect(guild.members.has(guild.ownerId)).toBe(true);
  });

  test('given a spec naming a missing role, category or member, addGuild says which', () => {
    const world = new World(new SnowflakeFactory(), BOT);
    expect(() => world.addGuild({ name: 'A', members: [{ username: 'x', roles: ['Ghost'] }] })).toThrow('no role Ghost in guild A');
    expect(() => world.addGuild({ name: 'B', channels: [{ name: 'c', parent: 'Nowhere' }] })).toThrow('no category Nowhere in guild B');
    expect(() => world.addGuild({ name: 'C', channels: [{ name: 'c', overwrites: [{ member: 'nobody' }] }] })).toThrow('no user nobody');
  });

  test('given snowflakes made in one millisecond, they still increase and carry the time', () => {
    const ids = new SnowflakeFactory();
    const a = ids.next(1_700_000_000_000);
    const b = ids.next(1_700_000_000_000);
    expect(BigInt(b)).toBeGreaterThan(BigInt(a));
    expect(snowflakeTime(a)).toBe(1_700_000_000_000);
  });
});
