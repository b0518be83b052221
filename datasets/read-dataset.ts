/**
 * The one way to read the public data sets kept in this folder (see README.md here): tests,
 * training, evaluation and benchmarks use it; the product never reads data sets at run time.
 */
import { readFileSync } from 'node:fs';
import { relative, resolve, isAbsolute } from 'node:path';
import { gunzipSync } from 'node:zlib';

const DATASETS_DIR = import.meta.dirname;

/** Absolute path of a file in datasets/, e.g. datasetPath('tipdm2020/messages-labeled.csv.gz'). */
export function datasetPath(relPath: string): string {
  const path = resolve(DATASETS_DIR, relPath);
  const inside = relative(DATASETS_DIR, path);
  if (isAbsolute(relPath) || inside.startsWith('..')) throw new Error(`not a path inside datasets/: ${relPath}`);
  return path;
}

/** UTF-8 text of a data set file (relative to datasets/), gunzipped when the name ends in .gz. */
export function readDatasetText(relPath: string): string {
  const bytes = readFileSync(datasetPath(relPath));
  return (relPath.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}
