import { describe, expect, test } from 'vitest';
import { parseSlashCommand, SimulatorUsageError } from './index.js';

describe('parsing typed slash commands', () => {
  test('given subcommand words and options, the name keeps the words and the options are text', () => {
    expect(parseSlashCommand('/quiz start rounds:3 scope:film')).toEqual({ name: 'quiz start', options: { rounds: '3', scope: 'film' } });
  });

  test('given a value with spaces, Hangul or quotes, it runs until the next option', () => {
    expect(parseSlashCommand('/fact query:act 3 director')).toEqual({ name: 'fact', options: { query: 'act 3 director' } });
    expect(parseSlashCommand('/cast name:흥수 production:film')).toEqual({ name: 'cast', options: { name: '흥수', production: 'film' } });
    expect(parseSlashCommand('/cast name:"Kim Go-eun"')).toEqual({ name: 'cast', options: { name: 'Kim Go-eun' } });
  });

  test('given no options, only the name comes back', () => {
    expect(parseSlashCommand('  /film  ')).toEqual({ name: 'film', options: {} });
  });

  test('given text without a slash or an option twice, it is refused', () => {
    expect(() => parseSlashCommand('film')).toThrow(SimulatorUsageError);
    expect(() => parseSlashCommand('/cast name:a name:b')).toThrow('option name given twice');
  });
});
