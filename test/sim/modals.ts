/**
 * A submitted form, as Discord's client sends it: the opened modal's components, each field
 * carrying what the member entered (`value` for a text input, `values` for a select), every
 * component numbered. The member's entries are checked the way the client checks them before it
 * lets the form be sent.
 */
import { SimulatorUsageError } from './options.js';

type JsonObject = Record<string, unknown>;

/** What a member entered, by field custom_id: a text input's text, a select's chosen values. */
export type ModalValues = Readonly<Record<string, string | readonly string[]>>;

const TEXT_INPUT = 4;
const STRING_SELECT = 3;
/** User, role, mentionable and channel selects: values are ids. */
const ID_SELECTS = new Set([5, 6, 7, 8]);
const TEXT_DISPLAY = 10;
const LABEL = 18;
const ACTION_ROW = 1;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const num = (value: unknown, fallback: number): number => (typeof value === 'number' ? value : fallback);

/**
 * The `data.components` of a form submission.
 * @throws {SimulatorUsageError} for a value naming no field of the form, or (unless `force`) one
 *   Discord's client would not let through.
 */
export function buildModalSubmission(modal: JsonObject, values: ModalValues, force: boolean): JsonObject[] {
  let nextId = 1;
  // Discord numbers the components a form was sent without, in reading order.
  const idOf = (c: JsonObject): number => (typeof c['id'] === 'number' ? c['id'] : nextId++);
  const used = new Set<string>();
  const refuse = (problem: string): void => {
    if (!force) throw new SimulatorUsageError(`${problem} (Discord's client would not send this form; force: true sends it anyway)`);
  };

  const field = (c: JsonObject): JsonObject => {
    const id = idOf(c);
    const type = c['type'];
    const customId = String(c['custom_id'] ?? '');
    const given = values[customId];
    if (given !== undefined) used.add(customId);
    if (type === TEXT_INPUT) {
      if (Array.isArray(given)) throw new SimulatorUsageError(`field ${customId} is a text input: give it text, not a list`);
      const value = typeof given === 'string' ? given : '';
      const required = c['required'] !== false;
      if (required && value.length === 0) refuse(`field ${customId} is required`);
      if (value.length > 0 && value.length < num(c['min_length'], 0)) refuse(`field ${customId} needs at least ${String(c['min_length'])} characters`);
      if (value.length > num(c['max_length'], 4000)) refuse(`field ${customId} takes at most ${num(c['max_length'], 4000)} characters (got ${value.length})`);
      return { type, id, custom_id: customId, value };
    }
    if (type === STRING_SELECT || (typeof type === 'number' && ID_SELECTS.has(type))) {
      const chosen = given === undefined ? [] : typeof given === 'string' ? [given] : [...given];
      const required = c['required'] !== false;
      if (chosen.length === 0 && required) refuse(`field ${customId} is required`);
      if (chosen.length > 0 || required) {
        if (chosen.length < num(c['min_values'], 1)) refuse(`field ${customId} needs at least ${num(c['min_values'], 1)} value(s)`);
        if (chosen.length > num(c['max_values'], 1)) refuse(`field ${customId} takes at most ${num(c['max_values'], 1)} value(s) (got ${chosen.length})`);
      }
      if (type === STRING_SELECT) {
        const options = Array.isArray(c['options']) ? c['options'].filter(isObject).map((o) => String(o['value'])) : [];
        for (const v of chosen) if (!options.includes(v)) refuse(`${JSON.stringify(v)} is not an option of ${customId} (options: ${options.join(', ')})`);
      }
      return { type, id, custom_id: customId, values: chosen };
    }
    throw new SimulatorUsageError(`form components of type ${String(type)} are not simulated`);
  };

  const out: JsonObject[] = [];
  for (const c of Array.isArray(modal['components']) ? modal['components'].filter(isObject) : []) {
    const type = c['type'];
    if (type === TEXT_DISPLAY) out.push({ type, id: idOf(c) });
    else if (type === LABEL && isObject(c['component'])) {
      const id = idOf(c);
      out.push({ type, id, component: field(c['component']) });
    } else if (type === ACTION_ROW) {
      const id = idOf(c);
      const inner = Array.isArray(c['components']) ? c['components'].filter(isObject) : [];
      out.push({ type, id, components: inner.map(field) });
    } else throw new SimulatorUsageError(`form components of type ${String(type)} are not simulated`);
  }
  const unknown = Object.keys(values).filter((k) => !used.has(k));
  if (unknown.length > 0) throw new SimulatorUsageError(`the form has no field ${unknown.join(', ')}`);
  return out;
}
