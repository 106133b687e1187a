/**
 * Jobspec pipeline throughput on the corpus: parse (HCL evaluate + decode), JSON validation,
 * canonicalize, validate and diff, in operations per second. Prints one JSON line per stage.
 * Usage: npm run build && node dist/bench/jobspecs.js [iterations]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalizeJob, diffJobs, parseJobspec, validateJob, validateJobJson } from '../jobspecs/index.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'jobspecs', 'testdata', 'valid');
const inputs = readdirSync(dir).filter((f) => /\.nomad\.hcl$/.test(f)).map((file) => ({ file, source: readFileSync(join(dir, file), 'utf8') }));
const iterations = Number(process.argv[2] ?? 20);

function measure(stage: string, run: () => void): void {
  run(); // warm up
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const ops = (iterations * inputs.length) / seconds;
  console.log(JSON.stringify({ bench: 'jobspecs', stage, jobspecs: inputs.length, iterations, opsPerSecond: Math.round(ops), microsPerOp: Math.round(1e6 / ops) }));
}

const submitted = inputs.map((i) => parseJobspec(i.source, { filename: i.file }));
const canonical = submitted.map((j) => canonicalizeJob(j));
measure('parse-hcl', () => inputs.forEach((i) => parseJobspec(i.source, { filename: i.file })));
measure('validate-json', () => submitted.forEach((j) => validateJobJson({ Job: j })));
measure('canonicalize', () => submitted.forEach((j) => canonicalizeJob(j)));
measure('validate', () => canonical.forEach((j) => validateJob(j)));
measure('diff', () => canonical.forEach((j) => diffJobs(j, canonicalizeJob(submitted[canonical.indexOf(j)]!))));
