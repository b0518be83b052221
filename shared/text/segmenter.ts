import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import nodejieba from 'nodejieba';
import type { Segmenter } from '../ports/search-index.ts';

/** Government vocabulary (departments, programmes, 12345, places); one word per line, extendable by an administrator. */
export const DEFAULT_USER_DICT = resolve(import.meta.dirname, '../../config/user-dict.txt');

let loadedDict: string | undefined;

/**
 * Loads jieba's dictionaries plus the user dictionary once per process (jieba's state is
 * global). A second call with a different dictionary is refused rather than silently ignored.
 */
export function loadDictionary(userDictPath: string = DEFAULT_USER_DICT): void {
  if (loadedDict === userDictPath) return;
  if (loadedDict !== undefined) throw new Error(`jieba is already loaded with ${loadedDict}; one dictionary per process`);
  if (!existsSync(userDictPath)) throw new Error(`user dictionary ${userDictPath} does not exist`);
  nodejieba.load({ userDict: userDictPath });
  loadedDict = userDictPath;
}

/** Words for reading: jieba's precise mode. */
export function cutWords(text: string): string[] {
  loadDictionary(loadedDict);
  return nodejieba.cut(text);
}

/**
 * Words for the index: search mode adds the shorter words inside long ones (农民工 → 农民,
 * 民工, 农民工) so a query for any of them finds the document. Documents and queries both use it.
 */
export const segmentForSearch: Segmenter = (text) => {
  loadDictionary(loadedDict);
  return nodejieba.cutForSearch(text);
};
