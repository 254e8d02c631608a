/**
 * The dataset layer's public surface: the validated data, its search index and pure look-ups.
 * No discord.js here (see STYLE.md).
 */
export * from './schema.js';
export { dataset } from './dataset.js';
export { DatasetError, HANGUL_EXEMPTIONS, loadDataset, validateDataset } from './validate.js';
export type { DatasetProblem, ValidateOptions } from './validate.js';
export { ENTRY_KINDS, createSearchIndex } from './search.js';
export type { EntryKind, SearchHit, SearchIndex, SearchOptions, SearchRecord } from './search.js';
export * from './lookup.js';
export { productionDetails } from './details.js';
export { PRODUCTION_NOUN, PRODUCTION_ORDER, formatDate, formatNumber, isIsoDate, withHangul } from './format.js';
export { ARTICLE_SOURCES, SOURCE_CATALOGUE, VERIFIED_SOURCES, describeSource, isKnownSource } from './sources.js';
export type { SourceInfo } from './sources.js';
