import { ChannelType, PermissionFlagsBits as P } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { ALL_PERMISSIONS, basePermissions, channelPermissions, permissionNames, toBits, type Overwrite, type PermissionSubject } from './permissions.js';

const GUILD = '1';
const MOD = '2';
const FANS = '3';

function subject(overrides: Partial<PermissionSubject> = {}): PermissionSubject {
  return {
    guildId: GUILD,
    ownerId: '99',
    userId: '10',
    memberRoleIds: [],
    rolePermissions: new Map([
      [GUILD, P.ViewChannel | P.SendMessages | P.EmbedLinks],
      [MOD, P.ManageGuild],
      [FANS, P.AddReactions],
    ]),
    ...overrides,
  };
}

const role = (id: string, allow: bigint, deny: bigint): Overwrite => ({ id, type: 0, allow, deny });
const member = (id: string, allow: bigint, deny: bigint): Overwrite => ({ id, type: 1, allow, deny });

describe('Discord permission calculation', () => {
  test('given roles, base permissions are @everyone plus every role of the member', () => {
    expect(basePermissions(subject({ memberRoleIds: [MOD, FANS] }))).toBe(P.ViewChannel | P.SendMessages | P.EmbedLinks | P.ManageGuild | P.AddReactions);
  });

  test('given the guild owner or an administrator role, every permission is granted, overwrites notwithstanding', () => {
    expect(basePermissions(subject({ userId: '99' }))).toBe(ALL_PERMISSIONS);
    const admin = subject({ memberRoleIds: [MOD], rolePermissions: new Map([[GUILD, 0n], [MOD, P.Administrator]]) });
    expect(channelPermissions(admin, ChannelType.GuildText, [role(GUILD, 0n, P.ViewChannel)])).toBe(ALL_PERMISSIONS);
  });

  test('given overwrites, @everyone applies first, then the member roles together, then the member', () => {
    const s = subject({ memberRoleIds: [MOD] });
    const everyoneDenies = [role(GUILD, 0n, P.SendMessages)];
    expect(channelPermissions(s, ChannelType.GuildText, everyoneDenies) & P.SendMessages).toBe(0n);
    const roleAllows = [...everyoneDenies, role(MOD, P.SendMessages, 0n)];
    expect(channelPermissions(s, ChannelType.GuildText, roleAllows) & P.SendMessages).toBe(P.SendMessages);
    const memberDenies = [...roleAllows, member('10', 0n, P.SendMessages)];
    expect(channelPermissions(s, ChannelType.GuildText, memberDenies) & P.SendMessages).toBe(0n);
  });

  test('given a role allow and another role deny on the same permission, the allow wins', () => {
    const s = subject({ memberRoleIds: [MOD, FANS] });
    const overwrites = [role(MOD, P.AttachFiles, 0n), role(FANS, 0n, P.AttachFiles)];
    expect(channelPermissions(s, ChannelType.GuildText, overwrites) & P.AttachFiles).toBe(P.AttachFiles);
  });

  test('given no View Channel, nothing is left; given no Send Messages, Embed Links goes too', () => {
    expect(channelPermissions(subject(), ChannelType.GuildText, [role(GUILD, 0n, P.ViewChannel)])).toBe(0n);
    const noSend = channelPermissions(subject(), ChannelType.GuildText, [role(GUILD, 0n, P.SendMessages)]);
    expect(permissionNames(noSend)).toEqual(['ViewChannel']);
  });

  test('given flag names, toBits and permissionNames round-trip and unknown names are refused', () => {
    expect(permissionNames(toBits(['SendMessages', 'ViewChannel']))).toEqual(['ViewChannel', 'SendMessages']);
    expect(() => toBits(['NotAPermission' as 'ViewChannel'])).toThrow('unknown permission name NotAPermission');
  });
});
