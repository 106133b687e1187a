#!/usr/bin/env node
// The whole test suite: install what is missing, build, prepare real runtimes, run every tap
// test file from the build, and end with the CI line `N passed, N failed, N skipped`.
// Usage: npm test [-- <test file globs under dist/test>]
import { spawnSync, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    console.log(`setup step failed: ${cmd} ${args.join(' ')}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}
run('bash', ['scripts/ensure-deps.sh', '--system']);
// Lint (import boundaries, no `any`, deterministic FSM) and the cycle check are part of the suite.
run('npm', ['run', '--silent', 'lint']);
run('bash', ['scripts/prepare-runtimes.sh']);

const files = process.argv.slice(2);
const args = [
  'tap', '--disable-coverage', '--reporter=tap', '--jobs=2', '--timeout=600',
  ...(files.length ? files : ['dist/test/**/*.test.js']),
];
mkdirSync('test-results', { recursive: true });
const logFile = createWriteStream('test-results/tap.txt');
const child = spawn('npx', args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, TAP_RCFILE: join(root, '.taprc') } });

// Count leaf test points: a point closes a subtest when the line before it is indented deeper.
let passed = 0, failed = 0, skipped = 0;
let prevIndent = -1;
let buf = '';
function onLine(line) {
  const m = /^(\s*)(not ok|ok) \d+(.*)$/.exec(line);
  const indent = /^\s*/.exec(line)[0].length;
  if (m) {
    const isLeaf = prevIndent <= indent;
    const directive = m[3] ?? '';
    if (isLeaf) {
      if (/#\s*(SKIP|TODO)/i.test(directive)) skipped++;
      else if (m[2] === 'ok') passed++;
      else failed++;
    } else if (m[2] === 'not ok' && indent === 0 && /#\s*(timeout|exit|signal)/i.test(line)) {
      failed++; // a file that died before reporting its own failures
    }
  }
  if (line.trim() !== '' && !/^\s*#/.test(line)) prevIndent = indent;
}
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  logFile.write(chunk);
  buf += chunk.toString();
  let i;
  while ((i = buf.indexOf('\n')) >= 0) { onLine(buf.slice(0, i)); buf = buf.slice(i + 1); }
});
child.on('close', (code) => {
  if (buf) onLine(buf);
  logFile.end();
  if (code !== 0 && failed === 0) failed = 1;
  console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(code === 0 && failed === 0 ? 0 : 1);
});
