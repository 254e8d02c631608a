/**
 * Typed message catalogs: each area of the bot defines its messages once in English, and the
 * compiler holds the Korean catalog to the same keys and the same placeholders.
 *
 * A message is a whole sentence (a string, or a function of named parameters returning one);
 * sentences are never assembled from fragments, because Korean word order and particles differ.
 * We chose typed catalogs over i18next: every key and placeholder is checked by `tsc`, with no
 * runtime key lookups, and the Korean particle rules (은/는, 이/가…) need code anyway (see josa.ts).
 */
import type { Lang } from './lang.js';

/** The shape a translation must have: the same keys, and functions with the same parameters. */
export type CatalogShape<T> = {
  readonly [K in keyof T]: T[K] extends (...args: infer A) => string ? (...args: A) => string : T[K] extends string ? string : CatalogShape<T[K]>;
};

export type Catalog<T> = Readonly<Record<Lang, CatalogShape<T>>>;

/** Pairs an English catalog with its Korean translation (checked by the compiler). */
export function catalog<T extends object>(en: T, ko: CatalogShape<NoInfer<T>>): Catalog<T> {
  return Object.freeze({ en: en as CatalogShape<T>, ko });
}
