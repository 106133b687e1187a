import t from 'tap';
import { canonicalizeJob, parseJobspec, validateJobJson } from '../../jobspecs/index.js';
import { corpusInputs } from './corpus-files.js';

for (const input of corpusInputs('valid')) {
  t.test(`${input.file}: HCL -> JSON -> canonical -> JSON is stable`, async (t) => {
    const submitted = parseJobspec(input.source, { filename: input.file });
    const canonical = canonicalizeJob(submitted);
    const printed = JSON.stringify({ Job: canonical });
    const reparsed = parseJobspec(printed, { filename: `${input.name}.json` });
    t.same(canonicalizeJob(reparsed), canonical, 'canonical JSON re-submitted canonicalizes to itself');
    t.ok(validateJobJson(JSON.parse(printed)).ok, 'the canonical job passes the JSON schema');
    t.same(submitted, parseJobspec(input.source, { filename: input.file }), 'decoding is deterministic');
  });
}
