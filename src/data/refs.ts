/** Shorthands for writing dataset records: spoiler markers and source references. */
import type { SourceRef, Spoiler } from './schema.js';

export const NONE: Spoiler = { kind: 'none' };
export const FILM: Spoiler = { kind: 'film' };
export const episode = (n: number): Spoiler => ({ kind: 'series', episode: n });
export const story = (n: number): Spoiler => ({ kind: 'novel', story: n });
/** `verified:N` for each numbered source of VERIFIED.md. */
export const v = (...numbers: number[]): SourceRef[] => numbers.map((n) => `verified:${n}` as const);

export const A000: SourceRef = 'article:000';
export const A001: SourceRef = 'article:001';
export const A002: SourceRef = 'article:002';
export const A003: SourceRef = 'article:003';
