import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, type RequestContext, type RequestRecord, type RestResult, type SimCore } from './core.js';
import type { UploadedFile } from './messages.js';
import { toDiscordErrors, type MatchedOperation, type SchemaIssue } from './openapi.js';

type JsonObject = Record<string, unknown>;

/** A pending "answer the next request(s) with 429" instruction. */
export interface RateLimitRule {
  remaining: number;
  readonly retryAfterSeconds: number;
  readonly method: string | undefined;
  readonly path: string | RegExp | undefined;
}

/**
 * A pending "fail the next request(s)" instruction: a 5xx answer, or the connection dropped
 * without an answer. Either happens before the request does anything.
 */
export interface FaultRule {
  /** Requests still to fail (Infinity while `until` is set). */
  remaining: number;
  /** Epoch ms after which the rule stops (for "500s for 25 seconds"). */
  readonly until: number | undefined;
  readonly fault: number | 'drop';
  readonly method: string | undefined;
  readonly path: string | RegExp | undefined;
}

/** A response body of the simulator that does not match Discord's documented response schema. */
export interface ResponseIssue {
  readonly method: string;
  readonly route: string;
  readonly status: number;
  readonly errors: readonly SchemaIssue[];
}

export interface RestOptions {
  readonly core: SimCore;
  readonly rateLimits: RateLimitRule[];
  readonly faults: FaultRule[];
  readonly gatewayUrl: () => string;
  /** What GET /gateway/bot recommends as the shard count. */
  readonly recommendedShards?: number;
  /** When set, every JSON response is checked against the OpenAPI response schema (used by the simulator's own tests). */
  readonly responseIssues: ResponseIssue[] | null;
}

const API_PREFIX = '/api/v10';
/** The status recorded for a request whose connection was dropped on purpose (no answer was sent). */
export const DROPPED = 0;
const NOT_FOUND = { message: '404: Not Found', code: 0 };

interface ParsedBody {
  readonly body: unknown;
  readonly files: UploadedFile[];
  readonly invalidJson: boolean;
}

/** The HTTP half of the simulator: Discord API v10 under `/api/v10`. */
export function createRestHandler(options: RestOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { core } = options;
  return (req, res) => {
    handle(options, req)
      .then(({ status, body, headers }) => {
        if (status === DROPPED) res.socket?.destroy();
        else send(res, status, body, headers);
      })
      .catch((err: unknown) => {
        core.recordViolation({ method: req.method ?? '', path: req.url ?? '', route: '(simulator)' }, 'internal', [{ path: '', code: 'SIMULATOR_ERROR', message: err instanceof Error ? (err.stack ?? err.message) : String(err) }], undefined);
        send(res, 500, { message: '500: Internal Server Error', code: 0 }, {});
      });
  };
}

async function handle(options: RestOptions, req: IncomingMessage): Promise<{ status: number; body: unknown; headers: Record<string, string> }> {
  const { core } = options;
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const method = (req.method ?? 'GET').toLowerCase();
  const raw = await readAll(req);
  if (!url.pathname.startsWith(`${API_PREFIX}/`)) return { status: 404, body: NOT_FOUND, headers: {} };
  const path = url.pathname.slice(API_PREFIX.length);
  const parsed = await parseBody(raw, req.headers['content-type']);
  const operation = core.options.validator.match(method, path);
  const record: RequestRecord = { method, path, route: operation?.route ?? null, query: url.search, body: parsed.body, files: parsed.files, status: 0, at: Date.now() };
  core.requests.push(record);
  const finish = (status: number, body: unknown, headers: Record<string, string> = {}): { status: number; body: unknown; headers: Record<string, string> } => {
    record.status = status;
    core.events.emit('request', record);
    if (options.responseIssues !== null && operation !== undefined && body !== undefined) {
      // Discord's field errors carry string codes (BASE_TYPE_MAX_LENGTH) where the OpenAPI document says integer,
      // so only the envelope of an error body is checked.
      const checked = status >= 400 && isObject(body) ? { ...body, errors: undefined } : body;
      const errors = core.options.validator.validateResponse(operation, status, JSON.parse(JSON.stringify(checked)));
      if (errors.length > 0) options.responseIssues.push({ method, route: operation.route, status, errors });
    }
    return { status, body, headers };
  };

  const now = Date.now();
  const fault = options.faults.find(
    (r) => r.remaining > 0 && (r.until === undefined || now < r.until) && (r.method === undefined || r.method.toLowerCase() === method) && matchesPath(r.path, path),
  );
  if (fault !== undefined) {
    fault.remaining -= 1;
    if (fault.fault === 'drop') return finish(DROPPED, undefined);
    return finish(fault.fault, { message: `${fault.fault}: Simulated server error`, code: 0 });
  }
  const limit = options.rateLimits.find((r) => r.remaining > 0 && (r.method === undefined || r.method.toLowerCase() === method) && matchesPath(r.path, path));
  if (limit !== undefined) {
    limit.remaining -= 1;
    const after = limit.retryAfterSeconds;
    return finish(
      429,
      { message: 'You are being rate limited.', retry_after: after, global: false, code: 0 },
      {
        'retry-after': String(after),
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String((Date.now() / 1000 + after).toFixed(3)),
        'x-ratelimit-reset-after': String(after),
        'x-ratelimit-bucket': 'simulated-bucket',
        'x-ratelimit-scope': 'user',
      },
    );
  }
  if (operation === undefined) return finish(404, NOT_FOUND);

  const needsAuth = !operation.route.startsWith('/interactions/') && !operation.route.startsWith('/webhooks/{webhook_id}/{webhook_token}') && operation.route !== '/gateway';
  if (needsAuth && req.headers['authorization'] !== `Bot ${core.options.token}`) return finish(401, { message: '401: Unauthorized', code: 0 });

  const ctx: RequestContext = { method, path, route: operation.route };
  const hasBody = method === 'post' || method === 'put' || method === 'patch';
  if (hasBody && operation.hasRequestBody) {
    if (parsed.invalidJson) return finish(400, { message: 'The request body contains invalid JSON.', code: 50109 });
    const issues = core.options.validateRequests ? core.options.validator.validateRequest(operation, parsed.body ?? {}) : [];
    if (issues.length > 0) {
      core.recordViolation(ctx, 'schema', issues, parsed.body);
      return finish(400, { message: 'Invalid Form Body', code: 50035, errors: toDiscordErrors(issues) });
    }
  }
  try {
    const result = route(options, ctx, operation, url.searchParams, parsed);
    return finish(result.status, result.body);
  } catch (err) {
    if (err instanceof ApiError) {
      return finish(err.status, { message: err.message, code: err.code, ...(err.errors !== undefined ? { errors: err.errors } : {}) });
    }
    throw err;
  }
}

function route(options: RestOptions, ctx: RequestContext, op: MatchedOperation, query: URLSearchParams, parsed: ParsedBody): RestResult {
  const { core } = options;
  const p = op.params;
  const body = isObject(parsed.body) ? parsed.body : {};
  const key = `${ctx.method} ${op.route}`;
  switch (key) {
    case 'get /gateway':
      return { status: 200, body: { url: options.gatewayUrl() } };
    case 'get /gateway/bot':
      return {
        status: 200,
        body: { url: options.gatewayUrl(), shards: options.recommendedShards ?? 1, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } },
      };
    case 'get /users/@me':
      return { status: 200, body: core.botUserObject() };
    case 'get /users/{user_id}':
      return core.getUser(param(p, 'user_id'));
    case 'post /users/@me/channels':
      return core.createDm(ctx, body);
    case 'get /applications/@me':
      return { status: 200, body: core.applicationObject() };
    case 'get /applications/{application_id}/commands':
      return core.getCommands(param(p, 'application_id'), null);
    case 'put /applications/{application_id}/commands':
      return core.putCommands(ctx, param(p, 'application_id'), null, parsed.body);
    case 'get /applications/{application_id}/guilds/{guild_id}/commands':
      return core.getCommands(param(p, 'application_id'), param(p, 'guild_id'));
    case 'put /applications/{application_id}/guilds/{guild_id}/commands':
      return core.putCommands(ctx, param(p, 'application_id'), param(p, 'guild_id'), parsed.body);
    case 'post /interactions/{interaction_id}/{interaction_token}/callback':
      return core.interactionCallback(ctx, param(p, 'interaction_id'), param(p, 'interaction_token'), body, parsed.files, query.get('with_response') === 'true');
    case 'post /webhooks/{webhook_id}/{webhook_token}':
      return core.webhookExecute(ctx, param(p, 'webhook_id'), param(p, 'webhook_token'), body, parsed.files, query.get('wait') === 'true');
    case 'get /webhooks/{webhook_id}/{webhook_token}/messages/@original':
    case 'patch /webhooks/{webhook_id}/{webhook_token}/messages/@original':
    case 'delete /webhooks/{webhook_id}/{webhook_token}/messages/@original':
      return core.webhookMessage(ctx, param(p, 'webhook_id'), param(p, 'webhook_token'), '@original', body, parsed.files);
    case 'get /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}':
    case 'patch /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}':
    case 'delete /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}':
      return core.webhookMessage(ctx, param(p, 'webhook_id'), param(p, 'webhook_token'), param(p, 'message_id'), body, parsed.files);
    case 'post /channels/{channel_id}/messages':
      return core.channelMessageCreate(ctx, param(p, 'channel_id'), body, parsed.files);
    case 'get /channels/{channel_id}/messages/{message_id}':
    case 'patch /channels/{channel_id}/messages/{message_id}':
    case 'delete /channels/{channel_id}/messages/{message_id}':
      return core.channelMessage(ctx, param(p, 'channel_id'), param(p, 'message_id'), body, parsed.files);
    case 'get /channels/{channel_id}':
      return core.getChannel(param(p, 'channel_id'));
    case 'get /guilds/{guild_id}/members/{user_id}':
      return core.getMember(param(p, 'guild_id'), param(p, 'user_id'));
    default:
      // Discord has this endpoint but the simulator does not: answer 404 and say so in the violations.
      core.recordViolation(ctx, 'unsimulated', [{ path: '', code: 'NOT_SIMULATED', message: `${ctx.method.toUpperCase()} ${op.route} is not simulated` }], parsed.body);
      return { status: 404, body: NOT_FOUND };
  }
}

function param(params: Readonly<Record<string, string>>, name: string): string {
  const value = params[name];
  if (value === undefined) throw new Error(`route has no ${name}`);
  return value;
}

function matchesPath(rule: string | RegExp | undefined, path: string): boolean {
  if (rule === undefined) return true;
  return typeof rule === 'string' ? path === rule : rule.test(path);
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function parseBody(raw: Buffer, contentType: string | undefined): Promise<ParsedBody> {
  if (raw.length === 0) return { body: undefined, files: [], invalidJson: false };
  if (contentType?.startsWith('multipart/form-data') === true) {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    const files: UploadedFile[] = [];
    let body: unknown;
    let invalidJson = false;
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') {
          try {
            body = JSON.parse(value);
          } catch {
            invalidJson = true;
          }
        }
      } else {
        files.push({ field, filename: value.name, size: value.size, contentType: value.type || 'application/octet-stream' });
      }
    }
    return { body, files, invalidJson };
  }
  try {
    return { body: JSON.parse(raw.toString('utf8')), files: [], invalidJson: false };
  } catch {
    return { body: undefined, files: [], invalidJson: true };
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  if (status === 204 || body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
