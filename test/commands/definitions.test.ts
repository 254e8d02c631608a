import { describe, expect, it } from 'vitest';
import { buttons, commands } from '../../src/commands/index.js';
import { help, HELP_TOPICS } from '../../src/i18n/messages/help.js';

type Option = { name: string; description: string; name_localizations?: Record<string, string>; options?: Option[] };

function walk(options: Option[] | undefined, visit: (o: Option) => void): void {
  for (const o of options ?? []) {
    visit(o);
    walk(o.options, visit);
  }
}

describe('command definitions', () => {
  it('given every command, the builders accept it and names are unique', () => {
    const names = commands.map((c) => c.data.toJSON().name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(['film', 'series', 'novel', 'cast', 'character', 'fact', 'quiz', 'watchparty', 'config', 'about', 'help']);
  });

  it('given every command and option, it carries a Korean (ko) name and description within Discord limits', () => {
    for (const command of commands) {
      const json = command.data.toJSON() as unknown as Option & { description_localizations?: Record<string, string> };
      expect(json.name_localizations?.['ko'], json.name).toBeTruthy();
      expect(json.description_localizations?.['ko'], json.name).toBeTruthy();
      walk(json.options, (o) => {
        expect(o.name_localizations?.['ko'], `${json.name} ${o.name}`).toMatch(/^[-_\p{L}\p{N}]{1,32}$/u);
        expect(o.description.length).toBeLessThanOrEqual(100);
      });
    }
  });

  it('given /help, its topics are exactly the registered commands, each under the name Discord shows in either language', () => {
    expect([...HELP_TOPICS].sort()).toEqual(commands.map((c) => c.data.name).sort());
    for (const command of commands) {
      const json = command.data.toJSON();
      const topic = json.name as (typeof HELP_TOPICS)[number];
      expect(help.en.names[topic], json.name).toBe(json.name);
      expect(help.ko.names[topic], json.name).toBe(json.name_localizations?.['ko']);
    }
  });

  it('given /config, it defaults to Manage Server and is offered in servers only', () => {
    const json = commands.find((c) => c.data.name === 'config')?.data.toJSON();
    expect(json?.default_member_permissions).toBe('32');
    expect(json?.contexts).toEqual([0]);
  });

  it('given the button handlers, their prefixes are distinct', () => {
    const prefixes = buttons.map((b) => b.prefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });
});
