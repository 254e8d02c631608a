/**
 * Command and option builders named and described from one catalog entry, in English and with
 * its Korean localisation: the one way every command file spells its definition.
 */

export interface Nameable {
  setName(name: string): this;
  setNameLocalization(locale: 'ko', name: string): this;
  setDescription(description: string): this;
  setDescriptionLocalization(locale: 'ko', description: string): this;
}

export interface Definition {
  readonly name: string;
  readonly description: string;
}

/** Names and describes `builder` with the English entry and its Korean counterpart. */
export function nameFrom<T extends Nameable>(builder: T, en: Definition, ko: Definition): T {
  return builder.setName(en.name).setNameLocalization('ko', ko.name).setDescription(en.description).setDescriptionLocalization('ko', ko.description);
}
