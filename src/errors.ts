/**
 * An error whose message is written for the person who used the command. The router
 * shows it as an ephemeral reply; anything else is logged and gets a generic reply.
 *
 * A handler that knows the reader's language throws the message in it; code that does not
 * (a shared helper) throws it in both languages and the router picks the reader's.
 */
import type { Catalog, CatalogShape } from './i18n/catalog.js';
import type { Lang, Localized } from './i18n/lang.js';

export class UserFacingError extends Error {
  override readonly name = 'UserFacingError';
  readonly #texts: Localized | undefined;

  constructor(message: string | Localized) {
    super(typeof message === 'string' ? message : message.en);
    this.#texts = typeof message === 'string' ? undefined : message;
  }

  /** The message for a reader of `lang` (a message given in one language only is returned as is). */
  textIn(lang: Lang): string {
    return this.#texts?.[lang] ?? this.message;
  }

  /** An error with the same message taken from both languages of a catalog. */
  static of<T>(messages: Catalog<T>, pick: (m: CatalogShape<T>) => string): UserFacingError {
    return new UserFacingError({ en: pick(messages.en), ko: pick(messages.ko) });
  }
}
