/**
 * The error catalogue is complete: every `DROVER_ERR_*` code used in the source has a row in
 * contributing/errors.md (style guideline 13, after Fastify's errors.test.js). Codes built at run
 * time are documented as families: the source's `DROVER_ERR_HTTP_${status}` is the prefix
 * `DROVER_ERR_HTTP_`, matched by the doc's `DROVER_ERR_HTTP_<status>`.
 */
import t from 'tap';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** SOURCE_DIRS are the folders whose codes must be documented. */
const SOURCE_DIRS = ['api', 'cli', 'client', 'drivers', 'jobspecs', 'plugins', 'server'];
const CODE = /DROVER_ERR_[A-Z0-9_]+/g;
const CATALOGUE = join('contributing', 'errors.md');

/** repoRoot walks up from this file (test/unit/ or dist/test/unit/) to the folder that holds
 * package.json and the catalogue. */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!(existsSync(join(dir, 'package.json')) && existsSync(join(dir, CATALOGUE)))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no repo root with ${CATALOGUE} above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return dir;
}

/** sourceFiles lists the .ts files below `dir` (no node_modules). */
function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** codesIn returns the codes in `text`. */
const codesIn = (text: string): Set<string> => new Set(text.match(CODE) ?? []);

t.test('every DROVER_ERR_* code used in the source is in contributing/errors.md', async (t) => {
  const root = repoRoot();
  const documented = codesIn(readFileSync(join(root, CATALOGUE), 'utf8'));
  /** used: code -> the first file that uses it. */
  const used = new Map<string, string>();
  for (const dir of SOURCE_DIRS) {
    for (const file of sourceFiles(join(root, dir))) {
      for (const code of codesIn(readFileSync(file, 'utf8'))) {
        if (!used.has(code)) used.set(code, relative(root, file));
      }
    }
  }
  t.ok(used.size > 0, 'the scan found codes in the source');
  const missing = [...used].filter(([code]) => !documented.has(code)).map(([code, file]) => `${code} (${file})`).sort();
  t.same(missing, [], `codes used in the source but missing from ${CATALOGUE}:\n  ${missing.join('\n  ')}`);
});
