// ESLint flat config. Import boundaries (DESIGN.md §2) are errors:
//   server/ and client/ never import each other; drivers/ import only plugins/ and api/.
//   FSM and store code is deterministic: no Date.now / Math.random (time and IDs come in commands).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const boundary = (group, message) => ({ group, message });

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tap/**', 'test-results/**', 'ui/vendor/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', URL: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', queueMicrotask: 'readonly', structuredClone: 'readonly', fetch: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [boundary(['**/client/**', '../client/*'], 'server/ must not import client/ (DESIGN.md §2)'), boundary(['**/cli/**'], 'server/ must not import cli/')] }] },
  },
  {
    files: ['client/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [boundary(['**/server/**'], 'client/ must not import server/ (DESIGN.md §2)'), boundary(['**/cli/**'], 'client/ must not import cli/')] }] },
  },
  {
    files: ['drivers/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [boundary(['**/server/**', '**/client/**', '**/cli/**', '**/jobspecs/**'], 'drivers/ import only plugins/ and api/ (DESIGN.md §2)')] }] },
  },
  {
    files: ['plugins/**/*.ts', 'api/**/*.ts', 'jobspecs/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [boundary(['**/server/**', '**/client/**', '**/cli/**', '**/drivers/**'], 'api/, jobspecs/ and plugins/ are leaves: they import no runtime layer')] }] },
  },
  {
    files: ['server/fsm/**/*.ts', 'server/store/**/*.ts'],
    rules: { 'no-restricted-properties': ['error',
      { object: 'Date', property: 'now', message: 'FSM/store apply must be deterministic: put the time in the command' },
      { object: 'Math', property: 'random', message: 'FSM/store apply must be deterministic: put IDs in the command' }] },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
