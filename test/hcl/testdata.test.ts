// Every HCL jobspec in jobspecs/testdata (valid and semantically invalid ones) is valid HCL2:
// the language layer must evaluate all of them without error.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { evaluateHcl } from '../../jobspecs/hcl/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'jobspecs', 'testdata');

for (const kind of ['valid', 'invalid']) {
  const dir = join(root, kind);
  if (!existsSync(dir)) {
    t.test(`${kind} jobspecs`, { skip: `${dir} does not exist` }, async () => undefined);
    continue;
  }
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.hcl')).sort()) {
    t.doesNotThrow(() => evaluateHcl(readFileSync(join(dir, name), 'utf8'), { filename: name, baseDir: dir }), `${kind}/${name}`);
  }
}
