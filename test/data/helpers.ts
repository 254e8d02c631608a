import { dataset } from '../../src/data/dataset.js';
import type { Dataset } from '../../src/data/schema.js';

type DeepMutable<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly unknown[]
    ? { -readonly [K in keyof T]: DeepMutable<T[K]> }
    : T extends object
      ? { -readonly [K in keyof T]: DeepMutable<T[K]> }
      : T;

export type MutableDataset = DeepMutable<Dataset>;

/** A deep, writable copy of the built-in dataset, to break on purpose. */
export function brokenCopy(): MutableDataset {
  return structuredClone(dataset) as MutableDataset;
}

/** The broken copy, typed back as a dataset for the function under test. */
export function asDataset(d: MutableDataset): Dataset {
  return d;
}

/** Finds by id in a list, failing the test loudly when the fixture no longer has it. */
export function byId<T extends { id: string }>(items: T[], id: string): T {
  const found = items.find((x) => x.id === id);
  if (!found) throw new Error(`fixture has no record "${id}"`);
  return found;
}
