/**
 * HCL language-layer benchmark: evaluation time of a realistic jobspec (many runs) and of a
 * large generated jobspec (~0.9 MB), in CPU milliseconds. Run: `npx tsc -p tsconfig.json; node dist/bench/hcl.js`.
 */
import { evaluateHcl } from '../jobspecs/hcl/index.js';
import { SAMPLE_JOBSPEC } from '../test/hcl/sample-jobspec.js';

/** CPU milliseconds (user + system) spent in `fn`: stable on a shared, loaded machine. */
function timeMs(fn: () => void): number {
  const started = process.cpuUsage();
  fn();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

function largeJobspec(groups: number): string {
  const parts = ['variable "tag" {\n  default = "1.0"\n}\nlocals {\n  ports = { http = 80, https = 443, admin = 9000 }\n}\njob "big" {\n  datacenters = ["dc1"]\n'];
  for (let g = 0; g < groups; g++) {
    parts.push(`  group "g${g}" {\n    count = ${g % 5 + 1}\n    network {\n      dynamic "port" {\n        for_each = local.ports\n        labels = [port.key]\n        content {\n          to = port.value + ${g}\n        }\n      }\n    }\n`);
    parts.push(`    task "t${g}" {\n      driver = "docker"\n      config {\n        image = "app:\${var.tag}"\n        args  = [for i in range(5) : "--flag-\${i}=\${upper("v")}"]\n      }\n      env {\n        ALLOC = "\${NOMAD_ALLOC_ID}"\n        NAME  = format("%s-%03d", "svc", ${g})\n      }\n      resources {\n        cpu    = 100\n        memory = 128\n      }\n    }\n  }\n`);
  }
  parts.push('}\n');
  return parts.join('');
}

const runs = 500;
const warm = timeMs(() => evaluateHcl(SAMPLE_JOBSPEC, { filename: 'sample.hcl' }));
const sampleTotal = timeMs(() => {
  for (let i = 0; i < runs; i++) evaluateHcl(SAMPLE_JOBSPEC, { filename: 'sample.hcl' });
});
const big = largeJobspec(1600);
const bigMs = timeMs(() => evaluateHcl(big, { filename: 'big.hcl' }));
console.log(JSON.stringify({
  sampleBytes: SAMPLE_JOBSPEC.length,
  sampleFirstRunMs: Number(warm.toFixed(2)),
  sampleMeanMs: Number((sampleTotal / runs).toFixed(3)),
  largeBytes: Buffer.byteLength(big),
  largeEvaluateMs: Number(bigMs.toFixed(1)),
}));
