import t from 'tap';
import fc from 'fast-check';
import { isDroverError } from '../../api/errors.js';
import type { HclBlock, HclBody, HclValue, SourcePos } from '../../jobspecs/hcl/body.js';
import { jobBlock } from '../../jobspecs/schema/blocks/job.js';
import type { BlockSpec, FieldType } from '../../jobspecs/schema/spec.js';
import { decodeJobBody, validateJobJson } from '../../jobspecs/index.js';

// Property linking the decoder to the schema (both come from the block table): any evaluated
// HCL body either decodes to a job that passes the JSON Schema, or fails with a located
// DROVER_ERR_JOBSPEC_INVALID. Bodies are generated from the table itself, with wrong types,
// wrong labels and unknown names mixed in.

const SEED = 7007;
const RUNS = 1500;
const pos: SourcePos = { file: 'fuzz.hcl', line: 1, column: 1 };

function validValue(type: FieldType): fc.Arbitrary<HclValue> {
  switch (type.kind) {
    case 'string':
      return type.enum !== undefined ? fc.constantFrom(...type.enum) : fc.string({ maxLength: 12 });
    case 'integer':
      return fc.integer({ min: type.minimum ?? -5, max: type.maximum ?? 500 });
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'duration':
      return fc.constantFrom('30s', '1h30m', '250ms', '0', 5000000000);
    case 'stringList':
      return fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 });
    case 'stringMap':
      return fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.oneof(fc.string({ maxLength: 6 }), fc.integer()), { maxKeys: 3 });
    case 'stringListMap':
      return fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.array(fc.string({ maxLength: 6 }), { maxLength: 2 }), { maxKeys: 2 });
    case 'freeform':
      return fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<HclValue>, { maxKeys: 3 });
    case 'block':
      return fc.constant(null);
  }
}

function attributeValue(type: FieldType): fc.Arbitrary<HclValue> {
  return fc.oneof({ weight: 8, arbitrary: validValue(type) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<HclValue> });
}

function bodyOf(spec: BlockSpec, depth: number): fc.Arbitrary<HclBody> {
  const hclFields = spec.fields.filter((f) => f.hcl !== undefined);
  const attributeFields = hclFields.filter((f) => f.type.kind !== 'block');
  const blockFields = depth > 0 ? hclFields.filter((f) => f.type.kind === 'block') : [];
  const attribute = fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...(attributeFields.length > 0 ? attributeFields : hclFields)).chain((f) => attributeValue(f.type).map((value) => ({ name: f.hcl ?? '', value, pos }))) },
    { weight: 1, arbitrary: fc.record({ name: fc.string({ minLength: 1, maxLength: 8 }), value: fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<HclValue>, pos: fc.constant(pos) }) },
  );
  const block: fc.Arbitrary<HclBlock> = blockFields.length === 0
    ? fc.constant<HclBlock>({ type: 'unknown_block', labels: [], body: { attributes: [], blocks: [], pos }, pos })
    : fc.constantFrom(...blockFields).chain((f) => {
      const child = f.type.kind === 'block' ? f.type.block : spec;
      const labels = child.label !== undefined
        ? fc.oneof({ weight: 10, arbitrary: fc.string({ minLength: 1, maxLength: 6 }).map((l) => [l]) }, { weight: 1, arbitrary: fc.constant<string[]>([]) })
        : fc.oneof({ weight: 10, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: fc.constant<string[]>(['x']) });
      return fc.record({ type: fc.constant(f.hcl ?? ''), labels, body: bodyOf(child, depth - 1), pos: fc.constant(pos) });
    });
  return fc.record({
    attributes: fc.array(attribute, { maxLength: 4 }),
    blocks: fc.array(block, { maxLength: depth > 2 ? 3 : 2 }),
    pos: fc.constant(pos),
  });
}

const fileArb: fc.Arbitrary<HclBody> = fc.record({
  jobId: fc.string({ minLength: 1, maxLength: 8 }),
  body: bodyOf(jobBlock, 4),
}).map(({ jobId, body }) => ({ attributes: [], blocks: [{ type: 'job', labels: [jobId], body, pos }], pos }));

t.test('decoded jobs always pass the JSON schema; everything else is a located jobspec error', async (t) => {
  let decoded = 0;
  fc.assert(
    fc.property(fileArb, (file) => {
      try {
        const job = decodeJobBody(file);
        decoded++;
        const result = validateJobJson({ Job: job });
        if (!result.ok) throw new Error(`decoded job fails the schema: ${JSON.stringify(result.errors.slice(0, 3))}`);
      } catch (e) {
        if (!isDroverError(e)) throw e;
        if (e.code !== 'DROVER_ERR_JOBSPEC_INVALID' || !/^fuzz\.hcl:\d+:\d+$/.test(e.location ?? '')) throw e;
      }
    }),
    { seed: SEED, numRuns: RUNS },
  );
  t.ok(decoded > RUNS / 20, `${decoded}/${RUNS} generated bodies decoded`);
});
