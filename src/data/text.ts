/**
 * Text folding shared by validation (name collisions) and search (matching).
 *
 * NFKD does two jobs at once: it strips Latin diacritics (after removing combining marks) and it
 * decomposes Hangul syllables into conjoining jamo, so "흐" (typed on the way to "흥") is a prefix
 * of "흥수", and a lone compatibility jamo such as "ㅎ" folds to the same leading consonant.
 */

/** Longest query we look at: anything longer is cut, so a pasted essay costs no more than a name. */
export const MAX_QUERY_LENGTH = 200;

const COMBINING_MARKS = /\p{M}/gu;
const POSSESSIVE = /['’]s(?![\p{L}\p{N}])/gu;
const NON_WORD = /[^\p{L}\p{N}]+/u;
const INNER_JOINERS = /[-‐‑‒–—.'’·]/g;

/** Lower-cased, diacritic-free, jamo-decomposed text (no other change). */
export function fold(text: string): string {
  return text.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase();
}

/**
 * Word tokens of `text`. Hyphenated and dotted words give both the joined form and the parts
 * ("Jae-hee" → jaehee, jae, hee; "E.oni" → eoni, e, oni), so "jaehee" and "jae hee" both match.
 */
export function tokens(text: string): string[] {
  const folded = fold(text).replace(POSSESSIVE, '');
  const out: string[] = [];
  for (const word of folded.split(/\s+/u)) {
    const parts = word.split(NON_WORD).filter((p) => p.length > 0);
    if (parts.length === 0) continue;
    const joined = word.replace(INNER_JOINERS, '').split(NON_WORD).filter((p) => p.length > 0);
    for (const j of joined) out.push(j);
    if (parts.length > 1) for (const p of parts) if (!joined.includes(p)) out.push(p);
  }
  return out;
}

/** Everything but letters and digits removed: "Kim Go-eun" and "kim goeun" share the key "kimgoeun". */
export function compact(text: string): string {
  return fold(text).replace(POSSESSIVE, '').split(NON_WORD).join('');
}

/**
 * A looser key for romanisation variants: Korean names are romanised with oo/u, ee/i, eo/o, ou/u
 * interchangeably (Heung-soo / Heungsu, Jaehee / Jaehi), so those pairs fold together.
 */
export function phonetic(key: string): string {
  return key.replace(/oo/g, 'u').replace(/ou/g, 'u').replace(/ee/g, 'i').replace(/eo/g, 'o').replace(/(.)\1+/g, '$1');
}

/**
 * Optimal-string-alignment (restricted Damerau–Levenshtein) distance, giving up early:
 * returns `max + 1` as soon as the distance is known to exceed `max`.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const cols = b.length + 1;
  let prevPrev = new Array<number>(cols).fill(0);
  let prev = Array.from({ length: cols }, (_, j) => j);
  let curr = new Array<number>(cols).fill(0);
  for (let i = 1; i <= a.length; i++) {
    curr[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((prev[j] ?? 0) + 1, (curr[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (prevPrev[j - 2] ?? 0) + 1);
      }
      curr[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, curr] = [prev, curr, prevPrev];
  }
  const result = prev[b.length] ?? max + 1;
  return result > max ? max + 1 : result;
}
