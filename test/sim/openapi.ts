import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020Module from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv and ajv-formats are CommonJS with a `default` export; under NodeNext the default import is the module object.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

/** Path of Discord's OpenAPI description shared with the team. */
/**
 * Discord's OpenAPI description, copied into the repo (see README.md here) so the simulator and
 * the tests work on a fresh clone; test/shared-copies.test.ts keeps it equal to ../shared's.
 */
export const DEFAULT_OPENAPI_PATH = fileURLToPath(new URL('./discord-openapi.json', import.meta.url));

/** One problem found in a request body, located like Discord locates it (`data.embeds.0.title`). */
export interface SchemaIssue {
  /** Dotted path inside the body; empty for the body itself. */
  readonly path: string;
  /** Discord-style error code, e.g. `BASE_TYPE_MAX_LENGTH`. */
  readonly code: string;
  /** Readable explanation, e.g. `Must be 256 or fewer in length.` */
  readonly message: string;
}

/** The operation of the OpenAPI document that a concrete request path matched. */
export interface MatchedOperation {
  /** The path template, e.g. `/channels/{channel_id}/messages`. */
  readonly route: string;
  readonly method: string;
  readonly params: Readonly<Record<string, string>>;
  /** Whether the operation declares a request body at all. */
  readonly hasRequestBody: boolean;
}

/**
 * Validates request and response bodies against Discord's OpenAPI description.
 * Compiling a schema is slow (hundreds of milliseconds for the interaction callback), so one instance
 * should be shared by every simulator of a test file; compiled validators are cached on the instance.
 */
export interface OpenApiValidator {
  /** Finds the operation for a concrete path such as `/channels/123/messages` (without the `/api/v10` prefix; segments may be percent-encoded). */
  match(method: string, path: string): MatchedOperation | undefined;
  /**
   * Validates a JSON request body (or the `payload_json` part of a multipart body) against the
   * operation's `application/json` request schema. Returns no issues when the body is valid.
   */
  validateRequest(operation: MatchedOperation, body: unknown): SchemaIssue[];
  /**
   * Validates a response body against the operation's declared response schema for that status.
   * Returns no issues when the body is valid or the operation declares no schema for the status.
   */
  validateResponse(operation: MatchedOperation, status: number, body: unknown): SchemaIssue[];
  /** Validates a value against a named schema of `components.schemas`, e.g. `MessageResponse`. */
  validateSchema(name: string, value: unknown): SchemaIssue[];
}

type JsonObject = Record<string, unknown>;

interface RouteEntry {
  readonly template: string;
  readonly regex: RegExp;
  readonly paramNames: readonly string[];
  readonly literalSegments: number;
}

const SCHEMA_ID = 'https://discord.local/openapi.json';
const HTTP_METHODS = new Set(['get', 'put', 'post', 'patch', 'delete']);
// Keywords whose subschemas the explainer walks itself; everything else is checked by a shallow schema.
const STRUCTURAL_KEYWORDS = new Set([
  'allOf', 'anyOf', 'oneOf', 'properties', 'items', 'prefixItems', 'additionalProperties', '$ref',
  'description', 'title', 'x-discord-union', 'contentEncoding', 'deprecated', 'example', 'examples',
]);

/**
 * Loads the OpenAPI document at `path` once and returns a validator whose compiled schemas are cached
 * on the returned object (never in module state).
 * @throws {Error} when the file cannot be read or is not an OpenAPI 3.1 document.
 */
export function createOpenApiValidator(path: string = DEFAULT_OPENAPI_PATH): OpenApiValidator {
  const doc = JSON.parse(readFileSync(path, 'utf8')) as JsonObject;
  if (typeof doc['openapi'] !== 'string' || !doc['openapi'].startsWith('3.1')) {
    throw new Error(`${path} is not an OpenAPI 3.1 document`);
  }
  acceptPermissionStrings(doc);
  const paths = (doc['paths'] ?? {}) as Record<string, JsonObject>;
  const routes: RouteEntry[] = Object.keys(paths)
    .map((template) => {
      const paramNames: string[] = [];
      let literalSegments = 0;
      const pattern = template
        .split('/')
        .map((segment) => {
          const param = /^\{(\w+)\}$/.exec(segment);
          if (param?.[1] !== undefined) {
            paramNames.push(param[1]);
            return '([^/]+)';
          }
          if (segment !== '') literalSegments += 1;
          return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        })
        .join('/');
      return { template, regex: new RegExp(`^${pattern}$`), paramNames, literalSegments };
    })
    // `/messages/@original` must win over `/messages/{message_id}`.
    .sort((a, b) => b.literalSegments - a.literalSegments);
  /**
   * The routes a path may match, by its first segment and its number of segments, in the order
   * above: a request tries a handful of patterns, not every one of the document's.
   */
  const candidates = new Map<string, RouteEntry[]>();
  const firstSegments = new Set(routes.map((route) => route.template.split('/')[1] ?? ''));
  const candidatesFor = (path: string): readonly RouteEntry[] => {
    const segments = path.split('/');
    // A first segment no template starts with can only meet a template that starts with a parameter.
    const key = `${segments.length} ${firstSegments.has(segments[1] ?? '') ? segments[1] : '{}'}`;
    let list = candidates.get(key);
    if (list === undefined) {
      list = routes.filter((route) => {
        const parts = route.template.split('/');
        const first = parts[1] ?? '';
        return parts.length === segments.length && (first === segments[1] || /^\{\w+\}$/.test(first));
      });
      candidates.set(key, list);
    }
    return list;
  };

  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, verbose: true });
  addFormats(ajv);
  // Discord's own formats; the numeric ones only document the width, the type keyword does the checking.
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('double', { type: 'number', validate: (n: number) => Number.isFinite(n) });
  ajv.addFormat('snowflake', /^(0|[1-9][0-9]*)$/);
  ajv.addFormat('nonce', { type: 'string', validate: () => true });
  ajv.addSchema({ ...doc, $id: SCHEMA_ID });

  const byPointer = new Map<string, ValidateFunction>();
  const bySchema = new WeakMap<object, ValidateFunction>();
  const shallowBySchema = new WeakMap<object, ValidateFunction | null>();

  const compilePointer = (segments: readonly string[]): ValidateFunction => {
    const pointer = segments.map((s) => `/${encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))}`).join('');
    let fn = byPointer.get(pointer);
    if (fn === undefined) {
      fn = ajv.compile({ $ref: `${SCHEMA_ID}#${pointer}` });
      byPointer.set(pointer, fn);
    }
    return fn;
  };

  const resolveRef = (schema: unknown): unknown => {
    let current = schema;
    for (let depth = 0; depth < 32; depth += 1) {
      if (!isObject(current) || typeof current['$ref'] !== 'string') return current;
      const ref = current['$ref'];
      if (!ref.startsWith('#/')) throw new Error(`unsupported $ref ${ref}`);
      current = ref
        .slice(2)
        .split('/')
        .map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), doc);
    }
    throw new Error('$ref chain too deep');
  };

  // Local refs inside a subschema point at the document root, so subschemas are compiled as a
  // copy whose refs are rewritten to absolute ones.
  const absolutise = (schema: unknown): unknown => {
    if (Array.isArray(schema)) return schema.map(absolutise);
    if (!isObject(schema)) return schema;
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(schema)) {
      out[key] = key === '$ref' && typeof value === 'string' && value.startsWith('#') ? `${SCHEMA_ID}${value}` : absolutise(value);
    }
    return out;
  };

  const compileSubschema = (schema: JsonObject): ValidateFunction => {
    let fn = bySchema.get(schema);
    if (fn === undefined) {
      fn = ajv.compile(absolutise(schema) as JsonObject);
      bySchema.set(schema, fn);
    }
    return fn;
  };

  const shallowValidator = (schema: JsonObject): ValidateFunction | null => {
    if (shallowBySchema.has(schema)) return shallowBySchema.get(schema) ?? null;
    const own: JsonObject = {};
    for (const [key, value] of Object.entries(schema)) if (!STRUCTURAL_KEYWORDS.has(key)) own[key] = value;
    const fn = Object.keys(own).length === 0 ? null : ajv.compile(absolutise(own) as JsonObject);
    shallowBySchema.set(schema, fn);
    return fn;
  };

  // Walks the schema beside the value so that a failing anyOf reports the branch the value was
  // evidently aiming at, instead of ajv's flat list of every branch's complaints.
  const explain = (schemaIn: unknown, value: unknown, at: readonly string[]): SchemaIssue[] => {
    const schema = resolveRef(schemaIn);
    if (schema === true || !isObject(schema)) return [];
    if (passes(compileSubschema(schema), value)) return [];
    const issues: SchemaIssue[] = [];
    const shallow = shallowValidator(schema);
    if (shallow !== null && !passes(shallow, value)) {
      issues.push(...(shallow.errors ?? []).map((e) => toIssue(e, at)));
      if ((shallow.errors ?? []).some((e) => e.keyword === 'type')) return issues;
    }
    const allOf = schema['allOf'];
    if (Array.isArray(allOf)) for (const sub of allOf) issues.push(...explain(sub, value, at));
    for (const keyword of ['anyOf', 'oneOf'] as const) {
      const branches = schema[keyword];
      if (!Array.isArray(branches)) continue;
      const results = branches.map((branch) => explain(branch, value, at));
      const passing = results.filter((r) => r.length === 0).length;
      if (passing === 0) issues.push(...bestBranch(results, at));
      else if (keyword === 'oneOf' && passing > 1) {
        issues.push({ path: joinPath(at), code: 'BASE_TYPE_AMBIGUOUS', message: 'Matches more than one allowed shape.' });
      }
    }
    if (isObject(value)) {
      const properties = isObject(schema['properties']) ? schema['properties'] : {};
      const additional = schema['additionalProperties'];
      for (const [key, child] of Object.entries(value)) {
        if (key in properties) issues.push(...explain(properties[key], child, [...at, key]));
        else if (additional === false) issues.push({ path: joinPath([...at, key]), code: 'UNKNOWN_FIELD', message: 'Unknown field.' });
        else if (isObject(additional)) issues.push(...explain(additional, child, [...at, key]));
      }
    }
    if (Array.isArray(value) && schema['items'] !== undefined) {
      value.forEach((child, index) => issues.push(...explain(schema['items'], child, [...at, String(index)])));
    }
    if (issues.length === 0) {
      // Defensive: a keyword this walker does not know failed; fall back to ajv's own report.
      const fn = compileSubschema(schema);
      passes(fn, value);
      issues.push(...(fn.errors ?? []).map((e) => toIssue(e, at)));
    }
    return dedupe(issues);
  };

  const operationSchema = (operation: MatchedOperation): JsonObject | undefined => {
    const op = paths[operation.route]?.[operation.method];
    const content = isObject(op) && isObject(op['requestBody']) ? op['requestBody']['content'] : undefined;
    const json = isObject(content) ? content['application/json'] : undefined;
    return isObject(json) && isObject(json['schema']) ? json['schema'] : undefined;
  };

  const responseSchema = (operation: MatchedOperation, status: number): { schema: JsonObject } | undefined => {
    const op = paths[operation.route]?.[operation.method];
    const responses = isObject(op) && isObject(op['responses']) ? op['responses'] : undefined;
    if (responses === undefined) return undefined;
    const key = String(status) in responses ? String(status) : `${String(status)[0]}XX` in responses ? `${String(status)[0]}XX` : undefined;
    if (key === undefined) return undefined;
    const response = resolveRef(responses[key]);
    const content = isObject(response) ? response['content'] : undefined;
    const json = isObject(content) ? content['application/json'] : undefined;
    if (!isObject(json) || !isObject(json['schema'])) return undefined;
    return { schema: json['schema'] };
  };

  const check = (fn: ValidateFunction, schema: unknown, value: unknown): SchemaIssue[] => {
    if (passes(fn, value)) return [];
    return explain(schema, value, []);
  };

  return {
    match(method, rawPath) {
      const lower = method.toLowerCase();
      // Clients percent-encode segments (discord.js sends `%40original`); templates are literal.
      const path = rawPath
        .split('/')
        .map((segment) => {
          try {
            return decodeURIComponent(segment);
          } catch {
            return segment;
          }
        })
        .join('/');
      for (const route of candidatesFor(path)) {
        const m = route.regex.exec(path);
        if (m === null) continue;
        const item = paths[route.template];
        if (!isObject(item) || !isObject(item[lower]) || !HTTP_METHODS.has(lower)) continue;
        const params: Record<string, string> = {};
        route.paramNames.forEach((name, i) => {
          params[name] = m[i + 1] ?? '';
        });
        const op = item[lower];
        return { route: route.template, method: lower, params, hasRequestBody: isObject(op) && op['requestBody'] !== undefined };
      }
      return undefined;
    },
    validateRequest(operation, body) {
      const schema = operationSchema(operation);
      if (schema === undefined) return [];
      const fn = compilePointer(['paths', operation.route, operation.method, 'requestBody', 'content', 'application/json', 'schema']);
      return check(fn, schema, body);
    },
    validateResponse(operation, status, body) {
      const found = responseSchema(operation, status);
      if (found === undefined) return [];
      // The response may itself be a $ref (components/responses), so compile the resolved schema, not a pointer.
      return check(compileSubschema(found.schema), found.schema, body);
    },
    validateSchema(name, value) {
      const schemas = isObject(doc['components']) ? doc['components']['schemas'] : undefined;
      if (!isObject(schemas) || !isObject(schemas[name])) throw new Error(`no schema named ${name}`);
      return check(compilePointer(['components', 'schemas', name]), schemas[name], value);
    },
  };
}

// Permission bitfields (`default_member_permissions`, install `permissions`) are typed as integers up to 2^54
// in the document, but Discord documents and accepts them as strings, and discord.js sends strings.
function acceptPermissionStrings(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(acceptPermissionStrings);
    return;
  }
  if (!isObject(node)) return;
  for (const [key, child] of Object.entries(node)) {
    if (isObject(child) && child['maximum'] === 2 ** 54 && JSON.stringify(child['type'] ?? '').includes('integer')) {
      node[key] = { anyOf: [child, { type: 'string', pattern: '^[0-9]{1,20}$' }] };
    } else {
      acceptPermissionStrings(child);
    }
  }
}

/** Formats issues as one line each: `data.embeds.0.title: Must be 256 or fewer in length. (BASE_TYPE_MAX_LENGTH)`. */
export function formatIssues(issues: readonly SchemaIssue[]): string {
  return issues.map((i) => `${i.path === '' ? '(body)' : i.path}: ${i.message} (${i.code})`).join('\n');
}

/**
 * Nests issues the way Discord's `errors` field does:
 * `{ data: { embeds: { 0: { title: { _errors: [{ code, message }] } } } } }`.
 */
export function toDiscordErrors(issues: readonly SchemaIssue[]): JsonObject {
  const root: JsonObject = {};
  for (const issue of issues) {
    let node = root;
    for (const key of issue.path === '' ? [] : issue.path.split('.')) {
      const next = node[key];
      if (isObject(next)) node = next;
      else {
        const created: JsonObject = {};
        node[key] = created;
        node = created;
      }
    }
    const list = Array.isArray(node['_errors']) ? (node['_errors'] as unknown[]) : [];
    list.push({ code: issue.code, message: issue.message });
    node['_errors'] = list;
  }
  return root;
}

// ajv's validate functions are type guards; calling them through this keeps `unknown` from narrowing to `never`.
function passes(fn: ValidateFunction, value: unknown): boolean {
  return fn(value);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function joinPath(at: readonly string[]): string {
  return at.join('.');
}

// A branch whose `type` discriminator (or whose own type) does not match was not the one the
// sender meant; among the rest, the one with the fewest complaints is the best explanation.
function bestBranch(results: readonly SchemaIssue[][], at: readonly string[]): SchemaIssue[] {
  const here = joinPath(at);
  const typePath = joinPath([...at, 'type']);
  const discriminated = (issues: readonly SchemaIssue[]): boolean =>
    issues.some(
      (i) =>
        (i.path === here && i.code.endsWith('_TYPE_COERCE')) ||
        (i.path === typePath && (i.code === 'BASE_TYPE_CHOICES' || i.code === 'BASE_TYPE_CONSTANT')),
    );
  const candidates = results.filter((r) => !discriminated(r));
  const pool = candidates.length > 0 ? candidates : results;
  // Fewest complaints wins; on a tie, the branch that got further into the value (deeper paths) is the better story.
  const depth = (issues: readonly SchemaIssue[]): number => Math.max(0, ...issues.map((i) => (i.path === '' ? 0 : i.path.split('.').length)));
  let best = pool[0] ?? [];
  for (const r of pool) if (r.length < best.length || (r.length === best.length && depth(r) > depth(best))) best = r;
  if (candidates.length === 0) {
    // No branch accepted the value's shape at all: say so once, plus the `type` choices if that is what differed.
    const typeChoices = results.flat().filter((i) => i.path === typePath && i.code === 'BASE_TYPE_CHOICES');
    if (typeChoices.length > 0) {
      const values = [...new Set(typeChoices.flatMap((i) => /\{(.*)\}/.exec(i.message)?.[1]?.split(', ') ?? []))];
      return [{ path: typePath, code: 'BASE_TYPE_CHOICES', message: `Value must be one of {${values.join(', ')}}.` }];
    }
  }
  return best;
}

function dedupe(issues: readonly SchemaIssue[]): SchemaIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}\u0000${i.code}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function toIssue(error: ErrorObject, at: readonly string[]): SchemaIssue {
  const extra = error.instancePath === '' ? [] : error.instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const path = [...at, ...extra];
  const params = error.params as Record<string, unknown>;
  const data = error.data;
  switch (error.keyword) {
    case 'maxLength':
    case 'maxItems':
    case 'maxProperties':
      return { path: joinPath(path), code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${String(params['limit'])} or fewer in length.` };
    case 'minLength':
    case 'minItems':
    case 'minProperties':
      return { path: joinPath(path), code: 'BASE_TYPE_MIN_LENGTH', message: `Must be ${String(params['limit'])} or more in length.` };
    case 'required':
      return { path: joinPath([...path, String(params['missingProperty'])]), code: 'BASE_TYPE_REQUIRED', message: 'This field is required' };
    case 'type': {
      const types = String(params['type']).split(',');
      return {
        path: joinPath(path),
        code: `${(types[0] ?? 'value').toUpperCase()}_TYPE_COERCE`,
        message: `Value ${JSON.stringify(data) ?? 'undefined'} is not ${types.join(' or ')}.`,
      };
    }
    case 'enum':
      return {
        path: joinPath(path),
        code: 'BASE_TYPE_CHOICES',
        message: `Value must be one of {${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}}.`,
      };
    case 'const':
      return { path: joinPath(path), code: 'BASE_TYPE_CONSTANT', message: `Value must be ${JSON.stringify(params['allowedValue'])}.` };
    case 'maximum':
    case 'exclusiveMaximum':
      return { path: joinPath(path), code: 'NUMBER_TYPE_MAX', message: `Value should be less than or equal to ${String(params['limit'])}.` };
    case 'minimum':
    case 'exclusiveMinimum':
      return { path: joinPath(path), code: 'NUMBER_TYPE_MIN', message: `Value should be greater than or equal to ${String(params['limit'])}.` };
    case 'pattern':
      return { path: joinPath(path), code: 'STRING_TYPE_REGEX', message: `Value ${JSON.stringify(data)} does not match ${String(params['pattern'])}.` };
    case 'format':
      return { path: joinPath(path), code: 'BASE_TYPE_FORMAT', message: `Value ${JSON.stringify(data)} is not a valid ${String(params['format'])}.` };
    case 'uniqueItems':
      return { path: joinPath(path), code: 'LIST_ITEM_VALUE_DUPLICATE', message: 'List items must be unique.' };
    case 'additionalProperties':
      return { path: joinPath([...path, String(params['additionalProperty'])]), code: 'UNKNOWN_FIELD', message: 'Unknown field.' };
    default:
      return { path: joinPath(path), code: `SCHEMA_${error.keyword.toUpperCase()}`, message: error.message ?? error.keyword };
  }
}
