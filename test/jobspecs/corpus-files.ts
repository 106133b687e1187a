/**
 * Locates the jobspec corpus (jobspecs/testdata) from the built test file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** CORPUS_DIR is jobspecs/testdata in the source tree (tests run from dist/test/jobspecs). */
export const CORPUS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'jobspecs', 'testdata');

/** corpusInputs lists `<kind>/*.nomad.hcl|json` with their base names. */
export function corpusInputs(kind: 'valid' | 'invalid'): Array<{ file: string; name: string; source: string; dir: string }> {
  const dir = join(CORPUS_DIR, kind);
  return readdirSync(dir)
    .filter((f) => /\.nomad\.(hcl|json)$/.test(f))
    .sort()
    .map((file) => ({ file, name: file.replace(/\.nomad\.(hcl|json)$/, ''), source: readFileSync(join(dir, file), 'utf8'), dir }));
}
