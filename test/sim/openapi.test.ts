import { beforeAll, describe, expect, test } from 'vitest';
import { createOpenApiValidator, formatIssues, type MatchedOperation, type OpenApiValidator } from './index.js';

describe('OpenAPI validation of request bodies', () => {
  let validator: OpenApiValidator;
  const op = (method: string, path: string): MatchedOperation => {
    const found = validator.match(method, path);
    if (found === undefined) throw new Error(`no operation for ${method} ${path}`);
    return found;
  };

  beforeAll(() => {
    validator = createOpenApiValidator();
  });

  test('given concrete paths, the most specific template matches and percent-encoded segments are decoded', () => {
    expect(op('patch', '/webhooks/1/tok/messages/%40original').route).toBe('/webhooks/{webhook_id}/{webhook_token}/messages/@original');
    expect(op('patch', '/webhooks/1/tok/messages/42')).toMatchObject({ route: '/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}', params: { message_id: '42' } });
    expect(op('get', '/users/@me').route).toBe('/users/@me');
    expect(validator.match('post', '/no/such/route')).toBeUndefined();
    expect(validator.match('delete', '/gateway/bot')).toBeUndefined();
  });

  test('given a valid reply callback with buttons and allowed_mentions, there are no issues', () => {
    const body = {
      type: 4,
      data: {
        content: 'Question 1',
        flags: 64,
        allowed_mentions: { parse: [] },
        embeds: [{ title: 'Q', fields: [{ name: 'A', value: 'Kim Go-eun', inline: true }] }],
        components: [{ type: 1, components: [{ type: 2, style: 1, label: 'A', custom_id: 'quiz:1:A' }] }],
      },
    };
    expect(validator.validateRequest(op('post', '/interactions/1/tok/callback'), body)).toEqual([]);
  });

  test('given an over-long embed title in a reply, the issue names the field, not every branch of the union', () => {
    const issues = validator.validateRequest(op('post', '/interactions/1/tok/callback'), { type: 4, data: { embeds: [{ title: 'x'.repeat(257) }] } });
    expect(issues).toEqual([{ path: 'data.embeds.0.title', code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 256 or fewer in length.' }]);
    expect(formatIssues(issues)).toBe('data.embeds.0.title: Must be 256 or fewer in length. (BASE_TYPE_MAX_LENGTH)');
  });

  test('given an unknown callback type, the issue lists the allowed types', () => {
    const issues = validator.validateRequest(op('post', '/interactions/1/tok/callback'), { type: 99 });
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('type');
    expect(issues[0]?.message).toMatch(/^Value must be one of \{.*4.*\}\.$/);
  });

  test('given too many autocomplete choices, the issue is on data.choices', () => {
    const choices = Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `v${i}` }));
    const issues = validator.validateRequest(op('post', '/interactions/1/tok/callback'), { type: 8, data: { choices } });
    expect(issues).toEqual([{ path: 'data.choices', code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' }]);
  });

  test('given a button label over 80 characters in a channel message, the issue points into the component', () => {
    const body = { components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: 'x', label: 'L'.repeat(81) }] }] };
    expect(validator.validateRequest(op('post', '/channels/1/messages'), body)).toEqual([
      { path: 'components.0.components.0.label', code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 80 or fewer in length.' },
    ]);
  });

  test('given a command without a name in a bulk overwrite, the issue says the field is required', () => {
    expect(validator.validateRequest(op('put', '/applications/1/commands'), [{ description: 'no name' }])).toEqual([
      { path: '0.name', code: 'BASE_TYPE_REQUIRED', message: 'This field is required' },
    ]);
  });

  test('given a content of the wrong type, the issue says which type was expected', () => {
    const issues = validator.validateRequest(op('patch', '/webhooks/1/tok/messages/@original'), { content: 42 });
    expect(issues).toEqual([{ path: 'content', code: 'STRING_TYPE_COERCE', message: 'Value 42 is not string or null.' }]);
  });

  test('given a message object, it is checked against the MessageResponse schema', () => {
    expect(validator.validateSchema('MessageResponse', { id: '1' }).map((i) => i.path)).toContain('channel_id');
  });

  test('given a path that is not an OpenAPI 3.1 document, creating a validator throws', () => {
    expect(() => createOpenApiValidator(new URL('../../package.json', import.meta.url).pathname)).toThrow(/not an OpenAPI 3.1 document/);
  });
});
