/**
 * Cast templates: actor ↔ character in both directions, Hangul names, role true/false.
 * (No "which character is described as …" template: the one-line descriptions overlap in meaning,
 * "Young's close friend" vs "one of Young's best friends", so a second right answer could slip in.)
 */
import type { Character, Person, Role } from '../../data/schema.js';
import { difficultyOf, harder, productionPhrase, type Context } from './context.js';
import { trueFalsePair, unionSources, type Draft, type OptionDraft } from './draft.js';
import { normalise } from './render.js';

export function castTemplates(ctx: Context): Draft[] {
  const out: Draft[] = [];
  const seenCharacters = new Set<string>();
  const seenPersonProduction = new Set<string>();
  for (const role of ctx.ds.roles) {
    const person = ctx.person(role.personId);
    const character = ctx.character(role.characterId);
    if (!person || !character) continue;
    if (!seenCharacters.has(character.id)) {
      seenCharacters.add(character.id);
      out.push(actorOfCharacter(ctx, role, person, character));
    }
    const pp = `${person.id}|${role.production}`;
    if (!seenPersonProduction.has(pp)) {
      seenPersonProduction.add(pp);
      out.push(characterOfActor(ctx, role, person, character));
    }
    out.push(...roleTrueFalse(ctx, role, person, character));
  }
  // The novel's Jae-hee and the film's are both 재희: one Hangul question per name is enough.
  const askedHangul = new Set<string>();
  for (const character of ctx.ds.characters) {
    const key = `${normalise(character.name)}|${character.hangul ?? ''}`;
    if (askedHangul.has(key)) continue;
    const hg = characterHangul(ctx, character);
    if (hg) {
      askedHangul.add(key);
      out.push(hg);
    }
  }
  return out;
}

function roleSources(role: Role, person: Person, character: Character) {
  return unionSources(role.sources, person.sources, character.sources);
}

function actorOption(ctx: Context, p: Person, characterId: string, tier: number): OptionDraft {
  return {
    text: ctx.personText(p),
    key: `person:${p.id}`,
    claim: { kind: 'role', personId: p.id, characterId },
    horizon: ctx.personHorizon(p),
    tier,
  };
}

/**
 * A character as an option. As the answer it is a cast fact (horizon of its record); as a
 * distractor it waits until the character has appeared, so a session at episode 2 is never
 * offered Gyu-ho (episodes 5–8) as a wrong answer.
 */
function characterOption(ctx: Context, c: Character, personId: string, tier: number, answer = false): OptionDraft {
  return {
    text: ctx.characterText(c),
    key: `character:${c.id}`,
    claim: { kind: 'role', personId, characterId: c.id },
    horizon: answer ? ctx.characterHorizon(c) : ctx.characterAppearance(c),
    tier,
  };
}

/** Actors who could be confused with the one playing `character`, never one who also plays it. */
function actorCandidates(ctx: Context, character: Character): OptionDraft[] {
  const playing = new Set(ctx.rolesOfCharacter(character.id).map((r) => r.personId));
  return ctx.actors
    .filter((p) => !playing.has(p.id))
    .map((p) => {
      const same = ctx.productionsOf(p).includes(character.production);
      const sameProminence = ctx.prominenceOf(p) === character.prominence;
      return actorOption(ctx, p, character.id, (same ? 0 : 2) + (sameProminence ? 0 : 1));
    });
}

/** Characters who could be confused with the one `person` plays, never another one they play. */
function characterCandidates(ctx: Context, person: Person, character: Character): OptionDraft[] {
  const played = new Set(ctx.rolesOfPerson(person.id).map((r) => r.characterId));
  return ctx.ds.characters
    .filter((c) => !played.has(c.id))
    .map((c) => {
      const same = c.production === character.production;
      return characterOption(ctx, c, person.id, (same ? 0 : 2) + (c.prominence === character.prominence ? 0 : 1));
    });
}

function actorOfCharacter(ctx: Context, role: Role, person: Person, character: Character): Draft {
  return {
    kind: 'choice',
    id: `actor-of-character:${character.id}`,
    template: 'actor-of-character',
    production: role.production,
    difficulty: difficultyOf(character.prominence),
    prompt: `Who plays ${ctx.characterText(character)} in ${productionPhrase(role.production)}?`,
    horizon: ctx.roleHorizon(role),
    sources: roleSources(role, person, character),
    explanation: `${ctx.personText(person)} plays ${ctx.characterText(character)} in ${productionPhrase(role.production)}.`,
    correct: actorOption(ctx, person, character.id, 0),
    candidates: actorCandidates(ctx, character),
  };
}

function characterOfActor(ctx: Context, role: Role, person: Person, character: Character): Draft {
  return {
    kind: 'choice',
    id: `character-of-actor:${person.id}:${role.production}`,
    template: 'character-of-actor',
    production: role.production,
    difficulty: difficultyOf(character.prominence),
    prompt: `Which character does ${ctx.personText(person)} play in ${productionPhrase(role.production)}?`,
    horizon: ctx.roleHorizon(role),
    sources: roleSources(role, person, character),
    explanation: `${ctx.personText(person)} plays ${ctx.characterText(character)} in ${productionPhrase(role.production)}.`,
    correct: characterOption(ctx, character, person.id, 0, true),
    candidates: characterCandidates(ctx, person, character),
  };
}

function roleTrueFalse(ctx: Context, role: Role, person: Person, character: Character): Draft[] {
  const prod = productionPhrase(role.production);
  const statement = `${ctx.personText(person)} plays ${ctx.characterText(character)} in ${prod}.`;
  // Alternate which side is swapped so both "wrong actor" and "wrong character" statements occur.
  const swapActor = ctx.ds.roles.indexOf(role) % 2 === 1;
  const alternatives = swapActor
    ? actorCandidates(ctx, character).filter((o) => o.tier < 2)
    : characterCandidates(ctx, person, character).filter((o) => o.tier < 2);
  return trueFalsePair({
    id: `role-tf:${role.id}`,
    template: 'role-true-false',
    production: role.production,
    difficulty: difficultyOf(character.prominence),
    sources: roleSources(role, person, character),
    statement,
    claim: { kind: 'role', personId: person.id, characterId: character.id },
    horizon: ctx.roleHorizon(role),
    alternatives,
    render: (alt) =>
      swapActor ? `${alt.text} plays ${ctx.characterText(character)} in ${prod}.` : `${ctx.personText(person)} plays ${alt.text} in ${prod}.`,
  });
}

function characterHangul(ctx: Context, character: Character): Draft | undefined {
  if (!character.hangul) return undefined;
  const candidates = ctx.ds.characters
    .filter((c) => c.id !== character.id && c.hangul)
    .map(
      (c): OptionDraft => ({
        text: c.hangul ?? '',
        key: `character:${c.id}`,
        claim: { kind: 'hangul-of', entity: 'character', id: character.id, hangul: c.hangul ?? '' },
        horizon: ctx.characterAppearance(c),
        tier: c.production === character.production ? 0 : 1,
      }),
    );
  return {
    kind: 'choice',
    id: `character-hangul:${character.id}`,
    template: 'character-hangul',
    production: character.production,
    difficulty: harder(difficultyOf(character.prominence)),
    prompt: `How is the name of ${character.name}, a character of ${productionPhrase(character.production)}, written in Hangul?`,
    horizon: ctx.characterHorizon(character),
    sources: character.sources,
    explanation: `${character.name} is written ${character.hangul}.`,
    correct: {
      text: character.hangul,
      key: `character:${character.id}`,
      claim: { kind: 'hangul-of', entity: 'character', id: character.id, hangul: character.hangul },
      horizon: ctx.characterHorizon(character),
      tier: 0,
    },
    candidates,
  };
}

