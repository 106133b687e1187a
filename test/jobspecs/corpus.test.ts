import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDroverError } from '../../api/errors.js';
import { canonicalizeJob, checkJobspec, parseJobspec, validateJob, validateJobJson } from '../../jobspecs/index.js';
import { corpusInputs } from './corpus-files.js';

const valid = corpusInputs('valid');
const invalid = corpusInputs('invalid');

t.test('the corpus is large enough to cover every block', async (t) => {
  t.ok(valid.length + invalid.length >= 40, `${valid.length} valid + ${invalid.length} invalid`);
});

for (const input of valid) {
  t.test(`valid/${input.file} parses to ${input.name}.expected.json, passes the schema, canonicalizes and validates`, async (t) => {
    const expected: unknown = JSON.parse(readFileSync(join(input.dir, `${input.name}.expected.json`), 'utf8'));
    const job = parseJobspec(input.source, { filename: input.file });
    t.same(job, expected);
    const schema = validateJobJson({ Job: job });
    t.ok(schema.ok, JSON.stringify(schema.ok ? [] : schema.errors));
    const issues = validateJob(canonicalizeJob(job));
    t.same(issues, [], 'no validation issues');
  });
}

for (const input of invalid) {
  t.test(`invalid/${input.file} fails at the expected location`, async (t) => {
    const [location, fragment] = readFileSync(join(input.dir, `${input.name}.expected-error.txt`), 'utf8').split('\n');
    let caught: unknown;
    let checked;
    try {
      checked = checkJobspec(input.source, { filename: input.file });
    } catch (e) {
      caught = e;
    }
    if (checked !== undefined) {
      // Structurally valid: the first semantic error must be located in the source.
      const first = checked.issues.find((i) => i.severity === 'error');
      t.ok(first, 'validation reports an error');
      t.equal(first?.location, location);
      t.match(first?.message, fragment ?? '');
      return;
    }
    t.ok(isDroverError(caught), 'throws a DroverError');
    if (!isDroverError(caught)) return;
    t.equal(caught.code, 'DROVER_ERR_JOBSPEC_INVALID');
    t.equal(caught.location, location);
    t.match(caught.message, fragment ?? '');
    t.equal(caught.statusCode, 400);
  });
}
