/**
 * Look-up tables over the dataset that every template needs, built once per generation run
 * (never cached at module level: callers pass the dataset, tests pass fixtures).
 */
import {
  horizonOf,
  horizonRank,
  type Character,
  type CrewCredit,
  type Dataset,
  type Horizon,
  type Person,
  type ProductionId,
  type Role,
  type Spoiler,
} from '../../data/schema.js';
import type { Difficulty, Scope } from '../types.js';
import { maxHorizon } from './draft.js';
import { withHangul } from './render.js';

export type Prominence = Character['prominence'];

export interface Context {
  readonly ds: Dataset;
  person(id: string): Person | undefined;
  character(id: string): Character | undefined;
  rolesOfPerson(id: string): readonly Role[];
  rolesOfCharacter(id: string): readonly Role[];
  crewOfPerson(id: string): readonly CrewCredit[];
  /** People with at least one role, in dataset order. */
  readonly actors: readonly Person[];
  /** People with at least one crew credit, in dataset order. */
  readonly crewPeople: readonly Person[];
  /** "Kim Go-eun (김고은)". */
  personText(p: Person): string;
  characterText(c: Character): string;
  /** Earliest horizon at which naming this person gives nothing away (their first visible credit). */
  personHorizon(p: Person): Horizon;
  characterHorizon(c: Character): Horizon;
  /**
   * Horizon at which the character has appeared on screen: for a series character tied to later
   * episodes (Gyu-ho, 5–8), that episode. Used wherever plot is involved, so that a session at
   * episode 2 never sees Gyu-ho even as a distractor in a plot question. Cast questions use
   * {@link characterHorizon}: the cast list is a production fact.
   */
  characterAppearance(c: Character): Horizon;
  roleHorizon(r: Role): Horizon;
  /** Productions the person is credited on, in a stable order. */
  productionsOf(p: Person): readonly ProductionId[];
  /** The single production, or `all` when several. */
  scopeOf(p: Person): Scope;
  /** The most prominent character the person plays (undefined for crew only). */
  prominenceOf(p: Person): Prominence | undefined;
}

const PRODUCTION_ORDER: readonly ProductionId[] = ['novel', 'film', 'series'];

export function h(spoiler: Spoiler): Horizon {
  return horizonOf(spoiler);
}

export function difficultyOf(prominence: Prominence | undefined): Difficulty {
  switch (prominence) {
    case 'lead':
      return 'easy';
    case 'main':
      return 'medium';
    default:
      return 'hard';
  }
}

/** One step harder, for the reverse or more obscure form of a question. */
export function harder(d: Difficulty): Difficulty {
  return d === 'easy' ? 'medium' : 'hard';
}

export function createContext(ds: Dataset): Context {
  const people = new Map(ds.people.map((p) => [p.id, p]));
  const characters = new Map(ds.characters.map((c) => [c.id, c]));
  const rolesOfPerson = groupBy(ds.roles, (r) => r.personId);
  const rolesOfCharacter = groupBy(ds.roles, (r) => r.characterId);
  const crewOfPerson = groupBy(ds.crew, (c) => c.personId);

  const characterHorizon = (c: Character): Horizon => h(c.spoiler);
  const roleHorizon = (r: Role): Horizon => {
    const p = people.get(r.personId);
    const c = characters.get(r.characterId);
    return maxHorizon(h(r.spoiler), p ? h(p.spoiler) : 'all', c ? characterHorizon(c) : 'all');
  };
  const personHorizon = memo((p: Person): Horizon => {
    const credits: Horizon[] = [
      ...(rolesOfPerson.get(p.id) ?? []).map(roleHorizon),
      ...(crewOfPerson.get(p.id) ?? []).map((c) => h(c.spoiler)),
    ];
    if (credits.length === 0) return h(p.spoiler);
    const earliest = credits.reduce((a, b) => (horizonRank(b) < horizonRank(a) ? b : a));
    return maxHorizon(h(p.spoiler), earliest);
  });
  const productionsOf = memo((p: Person): ProductionId[] => {
    const set = new Set<ProductionId>([
      ...(rolesOfPerson.get(p.id) ?? []).map((r) => r.production),
      ...(crewOfPerson.get(p.id) ?? []).map((c) => c.production),
    ]);
    if (ds.novel.translation.translatorId === p.id) set.add('novel');
    return PRODUCTION_ORDER.filter((id) => set.has(id));
  });
  const crewIds = new Set([...ds.crew.map((c) => c.personId), ds.novel.translation.translatorId]);
  const rank: Record<Prominence, number> = { lead: 0, main: 1, supporting: 2 };

  return {
    ds,
    person: (id) => people.get(id),
    character: (id) => characters.get(id),
    rolesOfPerson: (id) => rolesOfPerson.get(id) ?? [],
    rolesOfCharacter: (id) => rolesOfCharacter.get(id) ?? [],
    crewOfPerson: (id) => crewOfPerson.get(id) ?? [],
    actors: ds.people.filter((p) => rolesOfPerson.has(p.id)),
    crewPeople: ds.people.filter((p) => crewIds.has(p.id)),
    personText: (p) => withHangul(p.name, p.hangul),
    characterText: (c) => withHangul(c.name, c.hangul),
    personHorizon,
    characterHorizon,
    characterAppearance: (c) =>
      c.episodes ? maxHorizon(characterHorizon(c), h({ kind: 'series', episode: c.episodes[0] })) : characterHorizon(c),
    roleHorizon,
    productionsOf,
    scopeOf: (p) => {
      const prods = productionsOf(p);
      return prods.length === 1 && prods[0] ? prods[0] : 'all';
    },
    prominenceOf: (p) => {
      let best: Prominence | undefined;
      for (const r of rolesOfPerson.get(p.id) ?? []) {
        const c = characters.get(r.characterId);
        if (c && (best === undefined || rank[c.prominence] < rank[best])) best = c.prominence;
      }
      return best;
    },
  };
}

/** Caches a per-record computation for the life of one context (one generation run). */
function memo<K extends object, V>(fn: (key: K) => V): (key: K) => V {
  const cache = new WeakMap<K, V>();
  return (key) => {
    if (cache.has(key)) return cache.get(key) as V;
    const value = fn(key);
    cache.set(key, value);
    return value;
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/** "the film", "the novel", "the series". */
export function productionPhrase(p: ProductionId): string {
  return `the ${p}`;
}
